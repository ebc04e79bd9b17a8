// multipart/form-data bodies (RFC 7578), read whole: what the contract checker and the twins that take
// uploads (GeoNetwork's records and attachments) need to see of a form.

export interface FormPart {
  /** The form field name (Content-Disposition name). */
  name: string;
  /** The file name as sent, when the part is a file (Content-Disposition filename). */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

export function isMultipartForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';
}

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new MultipartError('the request was rejected because no multipart boundary was found');
  return boundary;
}

/**
 * A Content-Disposition parameter, quoted or not (filename*= of RFC 5987 is decoded too). A backslash inside
 * quotes only keeps an escaped quote from ending the value and stays in it, as Commons FileUpload's
 * ParameterParser reads it: a Windows path arrives whole.
 */
function dispositionParameter(disposition: string, name: string): string | undefined {
  const extended = new RegExp(`;\\s*${name}\\*=([^']*)'[^']*'([^;]+)`, 'i').exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[2]!.trim());
    } catch {
      return extended[2]!.trim();
    }
  }
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(disposition);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1] : match[2]!.trim();
}

function parsePart(raw: Buffer): FormPart {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new MultipartError('multipart part without a header block');
  const headers = new Map<string, string>();
  for (const line of raw.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  if (!/^form-data\b/i.test(disposition)) throw new MultipartError('multipart part without Content-Disposition: form-data');
  const name = dispositionParameter(disposition, 'name');
  if (name === undefined) throw new MultipartError('multipart part without a field name');
  const filename = dispositionParameter(disposition, 'filename');
  const contentType = headers.get('content-type');
  return {
    name,
    ...(filename !== undefined ? { filename } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
    data: raw.subarray(headerEnd + 4),
  };
}

/** The parts of a multipart/form-data body; MultipartError when it is not one. */
export function parseMultipartForm(body: Buffer, contentType: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: FormPart[] = [];
  let start = body.indexOf(delimiter);
  if (start < 0) throw new MultipartError('multipart body without its boundary');
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return parts;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') !== '\r\n') throw new MultipartError('malformed multipart boundary line');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), afterDelimiter + 2);
    if (next < 0) throw new MultipartError('multipart body ends before its closing boundary');
    parts.push(parsePart(body.subarray(afterDelimiter + 2, next)));
    start = next + 2;
  }
}

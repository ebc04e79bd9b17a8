// MEF archives as zip files: the layout GeoNetwork writes and reads (MEFLib.Version, MEFConstants), with the
// limits the twin puts on what an upload may inflate to. No catalogue here: mef-import.ts and
// record-export.ts give the folders their meaning.
//
// MEF 2 (MEF2Exporter / MEF2Visitor) [code]:        MEF 1 (MEFExporter / MEFVisitor) [code]:
//   <uuid>/metadata/metadata.xml                      metadata.xml
//   <uuid>/info.xml                                   info.xml
//   <uuid>/public/<file>  <uuid>/private/<file>       public/<file>  private/<file>
//   index.csv  index.html
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface MefFile {
  name: string;
  data: Uint8Array;
  /** Written as the zip entry's modification time. */
  mtime?: Date;
}

/** One record's folder as read from an archive. */
export interface MefFolder {
  /** MEF 2: the folder's name at the archive root (the record's uuid when GeoNetwork wrote it); MEF 1: ''. */
  name: string;
  /** Files directly in `<folder>/metadata/` (MEF 1: `metadata.xml` at the root), archive order. */
  metadataFiles: MefFile[];
  info?: Uint8Array;
  publicFiles: MefFile[];
  privateFiles: MefFile[];
}

export interface MefArchive {
  version: 1 | 2;
  folders: MefFolder[];
}

export interface MefLimits {
  /** Largest total the members may inflate to (and so the largest member). */
  maxBytes: number;
  maxEntries: number;
}

/** An archive GeoNetwork (or the twin) refuses; `message` is what the import report says. */
export class MefError extends Error {
  constructor(
    message: string,
    /** The Java exception behind it, for the report's stack. */
    readonly exception: string,
  ) {
    super(message);
    this.name = 'MefError';
  }
}

/**
 * A member name that could leave its record's folder. GeoNetwork reads MEFs through a zip file system and
 * stores attachments by file name only (AbstractStore.checkResourceId refuses "..", "/…" and "file:/…"), so
 * nothing escapes; the twin refuses such an archive outright with checkResourceId's message. [inferred]
 */
function unsafeName(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[A-Za-z]:/.test(name) || name.split('/').includes('..');
}

/**
 * The members of a zip, refusing bombs before inflating: the declared sizes are summed against the limit
 * first, and each member inflates into a buffer of its declared size, so a lying header yields a truncated
 * member, never more memory. GeoNetwork itself inflates MEF members without a bound; the twin reports the
 * refusal as Spring reports an oversize upload (MaxUploadSizeExceededException). [inferred]
 */
function readEntries(bytes: Uint8Array, limits: MefLimits): Array<[string, Uint8Array]> {
  let entries = 0;
  let total = 0;
  let unsafe: string | undefined;
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (file) => {
        entries += 1;
        total += file.originalSize;
        if (unsafeName(file.name)) unsafe ??= file.name;
        if (entries > limits.maxEntries || total > limits.maxBytes)
          throw new MefError(`Maximum upload size of ${limits.maxBytes} bytes exceeded`, 'MaxUploadSizeExceededException');
        return unsafe === undefined;
      },
    });
  } catch (error) {
    if (error instanceof MefError) throw error;
    // ZipUtil.openZipFs fails with the JDK's ZipException; MEFLib.getMEFVersion wraps it in a RuntimeException.
    const reason = (error as Error).message === 'invalid zip data' ? 'zip END header not found' : (error as Error).message;
    throw new MefError(`java.util.zip.ZipException: ${reason}`, 'java.lang.RuntimeException');
  }
  if (unsafe !== undefined) throw new MefError(`Invalid resource identifier '${unsafe}'.`, 'java.lang.SecurityException');
  return Object.entries(members);
}

/** Regular files directly below `prefix` (a folder path ending in '/'). */
function filesIn(entries: Array<[string, Uint8Array]>, prefix: string): MefFile[] {
  return entries
    .filter(([name]) => name.startsWith(prefix) && name.length > prefix.length && !name.slice(prefix.length).includes('/'))
    .map(([name, data]) => ({ name: name.slice(prefix.length), data }));
}

/** MEFLib.getMEFVersion: a metadata.xml or info.xml at the root makes a MEF 1, anything else a MEF 2. */
export function readMef(bytes: Uint8Array, limits: MefLimits): MefArchive {
  const entries = readEntries(bytes, limits);
  const at = (name: string) => entries.find(([entry]) => entry === name)?.[1];
  if (at('metadata.xml') !== undefined || at('info.xml') !== undefined) {
    const metadata = at('metadata.xml');
    return {
      version: 1,
      folders: [
        {
          name: '',
          metadataFiles: metadata === undefined ? [] : [{ name: 'metadata.xml', data: metadata }],
          info: at('info.xml'),
          publicFiles: filesIn(entries, 'public/'),
          privateFiles: filesIn(entries, 'private/'),
        },
      ],
    };
  }
  const folderNames: string[] = [];
  for (const [name] of entries) {
    const slash = name.indexOf('/');
    if (slash > 0 && !folderNames.includes(name.slice(0, slash))) folderNames.push(name.slice(0, slash));
  }
  return {
    version: 2,
    folders: folderNames.map((folder) => ({
      name: folder,
      metadataFiles: filesIn(entries, `${folder}/metadata/`),
      info: at(`${folder}/info.xml`),
      publicFiles: filesIn(entries, `${folder}/public/`),
      privateFiles: filesIn(entries, `${folder}/private/`),
    })),
  };
}

export interface MefRecordContent {
  metadataXml: string;
  infoXml: string;
  publicFiles: MefFile[];
  privateFiles: MefFile[];
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** A record's entries; MEF 2 puts metadata.xml in a metadata/ folder, MEF 1 beside info.xml. */
function recordEntries(record: MefRecordContent, mtime: Date, version: 1 | 2): Zippable {
  const files = (list: MefFile[]): Zippable => Object.fromEntries(list.map((file) => [file.name, [file.data, { mtime: file.mtime ?? mtime }]]));
  const metadata: Zippable = { 'metadata.xml': [utf8(record.metadataXml), { mtime }] };
  return {
    ...(version === 2 ? { metadata } : metadata),
    'info.xml': [utf8(record.infoXml), { mtime }],
    ...(record.publicFiles.length > 0 ? { public: files(record.publicFiles) } : {}),
    ...(record.privateFiles.length > 0 ? { private: files(record.privateFiles) } : {}),
  };
}

/** A MEF 2 of records keyed by uuid, with the index.csv and index.html MEF2Exporter adds at the root. */
export function writeMef2(records: Map<string, MefRecordContent>, index: { csv: string; html: string }, mtime: Date): Uint8Array {
  const content: Zippable = {};
  for (const [uuid, record] of records) content[uuid] = recordEntries(record, mtime, 2);
  content['index.csv'] = [utf8(index.csv), { mtime }];
  content['index.html'] = [utf8(index.html), { mtime }];
  return zipSync(content);
}

/** A MEF 1: one record at the root. */
export function writeMef1(record: MefRecordContent, mtime: Date): Uint8Array {
  return zipSync(recordEntries(record, mtime, 1));
}

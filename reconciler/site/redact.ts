// Defence in depth for text the site shows verbatim (diffs, errors, reasons, messages): producers
// already keep secrets out of reports, but should one slip through in a familiar shape
// (a datastore password in a diff, credentials in a URL, an API token) the site masks its value.
export const MASK = '••••••';

const SECRET_NAME = String.raw`(?:passwd|password|passwort|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credentials?)`;

const patterns: [RegExp, string][] = [
  // GeoServer datastore XML: <entry key="passwd">crypt1:…</entry>
  [new RegExp(String.raw`(<entry\s+key=["'][^"']*${SECRET_NAME}[^"']*["']\s*>)([^<]*)`, 'gi'), `$1${MASK}`],
  // GeoServer datastore JSON: {"@key": "passwd", "$": "…"}
  [new RegExp(String.raw`("@key"\s*:\s*"[^"]*${SECRET_NAME}[^"]*"\s*,\s*"\$"\s*:\s*")((?:[^"\\]|\\.)*)`, 'gi'), `$1${MASK}`],
  // name: value, name = value, "name": "value", name=value in a query string
  [new RegExp(String.raw`(["']?[\w.-]*${SECRET_NAME}[\w.-]*["']?\s*[:=]\s*["']?)([^\s"'&,;<>)}\]]+)`, 'gi'), `$1${MASK}`],
  // scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^@\s/]+)(@)/gi, `$1${MASK}$3`],
  // Authorization: Bearer …, Basic …
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of patterns) out = out.replace(pattern, replacement);
  return out;
}

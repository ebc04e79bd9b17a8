// A record refers to its attachments by file name in git (gmd:fileName, a linkage): on each platform
// the name becomes the attachment's URL on that platform's GeoNetwork, and import turns it back.

/** The URL GeoNetwork serves a record's attachment at. */
export function attachmentUrl(geonetworkUrl: string, uuid: string, filename: string): string {
  return `${geonetworkUrl.replace(/\/+$/, '')}/srv/api/records/${encodeURIComponent(uuid)}/attachments/${encodeURIComponent(filename)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text elements holding exactly a file name (optionally ./name): a record's references to its attachments. */
function referencePattern(value: string): RegExp {
  return new RegExp(`(<(gco:CharacterString|gmd:URL|gmx:Anchor)(?:\\s[^>]*)?>)\\s*(?:\\./)?${escapeRegExp(value)}\\s*(</\\2>)`, 'g');
}

/** The record as a platform holds it: each reference to one of its attachments by name made the platform's URL. */
export function withAttachmentUrls(xml: string, uuid: string, filenames: readonly string[], geonetworkUrl: string): string {
  let result = xml;
  for (const filename of filenames) {
    result = result.replace(referencePattern(filename), (_, open, _name, close) => `${open}${attachmentUrl(geonetworkUrl, uuid, filename)}${close}`);
  }
  return result;
}

/**
 * The record as git holds it: the URLs of its attachments made their names again — those of
 * `geonetworkUrl`, or of any catalogue when absent (a MEF exported elsewhere).
 */
export function withAttachmentNames(xml: string, uuid: string, filenames: readonly string[], geonetworkUrl?: string): string {
  let result = xml;
  for (const filename of filenames) {
    const path = `/srv/api/records/${encodeURIComponent(uuid)}/attachments/${encodeURIComponent(filename)}`;
    const url = geonetworkUrl ? escapeRegExp(`${geonetworkUrl.replace(/\/+$/, '')}${path}`) : `https?://[^<\\s]*${escapeRegExp(path)}`;
    const pattern = new RegExp(`(<(gco:CharacterString|gmd:URL|gmx:Anchor)(?:\\s[^>]*)?>)\\s*${url}\\s*(</\\2>)`, 'g');
    result = result.replace(pattern, (_, open, _name, close) => `${open}${filename}${close}`);
  }
  return result;
}

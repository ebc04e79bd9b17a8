// A record as a MEF 2 zip (GeoNetwork's exchange format): <uuid>/metadata/metadata.xml, an
// <uuid>/info.xml naming the record and listing its public files, and those files under
// <uuid>/public/. Sent to POST /records on platforms that take records with their attachments.
import { strToU8, zipSync } from 'fflate';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function recordMef(uuid: string, xml: string, attachments: readonly { filename: string; bytes: Uint8Array }[], now: Date): Uint8Array {
  const date = now.toISOString().replace(/\.\d+Z$/, '');
  const schema = /<mdb:MD_Metadata[\s>]/.test(xml) ? 'iso19115-3.2018' : 'iso19139';
  const files = attachments.map(({ filename }) => `    <file name="${escape(filename)}" changeDate="${date}"/>\n`).join('');
  const info = `<?xml version="1.0" encoding="UTF-8"?>
<info version="1.1">
  <general>
    <createDate>${date}</createDate>
    <changeDate>${date}</changeDate>
    <schema>${schema}</schema>
    <isTemplate>n</isTemplate>
    <localId/>
    <format>full</format>
    <rating>0</rating>
    <popularity>0</popularity>
    <uuid>${escape(uuid)}</uuid>
    <siteId/>
    <siteName/>
  </general>
  <categories/>
  <privileges/>
  <public>
${files}  </public>
  <private/>
</info>
`;
  const entries: Record<string, Uint8Array> = { [`${uuid}/metadata/metadata.xml`]: strToU8(xml), [`${uuid}/info.xml`]: strToU8(info) };
  for (const { filename, bytes } of attachments) entries[`${uuid}/public/${filename}`] = bytes;
  return zipSync(entries);
}

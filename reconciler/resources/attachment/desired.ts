// metadata/<uuid>/<file>: a record's attachments, published with their record. Names are those
// GeoNetwork's file store takes and a URL carries as they are.
import type { DesiredKind } from '../../desired/kind.ts';
import { sha256Hex } from '../../desired/lfs.ts';
import type { MetadataRecord } from '../record/model.ts';
import type { Attachment } from './model.ts';

export const ATTACHMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(png|jpe?g|gif|webp|pdf|txt|csv|zip)$/i;

export const attachmentFiles: DesiredKind<Attachment> = {
  name: 'attachment',
  collection: 'attachments',
  files: [
    {
      pattern: /^metadata\/([^/]+)\/([^/]+)$/,
      key: (match) => `${match[1]}/${match[2]}`,
      part: 'main',
      reader: { read: (bytes) => ({ problems: [], data: { bytes: Uint8Array.from(bytes), sha256: sha256Hex(bytes) } }) },
    },
  ],
  orphanSidecar: (key) => ({ code: 'UnknownFile', message: `no attachment ${key}` }),
  build({ key, main, location }) {
    const slash = key.indexOf('/');
    const data = main as { bytes: Uint8Array; sha256: string };
    return { uuid: key.slice(0, slash), filename: key.slice(slash + 1), bytes: data.bytes, sha256: data.sha256, tags: [], location };
  },
  keyOf: (attachment) => `${attachment.uuid}/${attachment.filename}`,
  check({ state, known, report }) {
    for (const attachment of state.attachments) {
      if (!ATTACHMENT_NAME.test(attachment.filename)) {
        report(
          'UnknownFile',
          'error',
          `${attachment.filename} cannot be an attachment: letters, digits, . _ - and one of .png .jpg .gif .webp .pdf .txt .csv .zip`,
          attachment.location,
        );
      }
      if (!known('record').has(attachment.uuid)) {
        report('NoSuchRecord', 'error', `attachment of record ${attachment.uuid}, which has no metadata/${attachment.uuid}.xml`, attachment.location);
      }
    }
  },
  selection: {
    after: ['record'],
    select: ({ items, published }) => {
      const records = new Set(published<MetadataRecord>('record').map((record) => record.uuid));
      return items.filter((attachment) => records.has(attachment.uuid));
    },
  },
  render: 'none',
};

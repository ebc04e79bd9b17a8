// Record attachments: metadata/<uuid>/<file> ↔ GeoNetwork's attachments of the record.
import type { Kind } from '../types.ts';
import { attachmentAdapter } from './adapter.ts';
import { attachmentFiles } from './desired.ts';

export const attachmentKind: Kind = { desired: attachmentFiles, adapters: [attachmentAdapter] };

// A record's attachment as git holds it: metadata/<uuid>/<file> (its thumbnail, a PDF of the data
// specification, a legend) beside metadata/<uuid>.xml, which refers to it by its file name.
import type { DesiredItem } from '../../desired/kind.ts';

export interface Attachment extends DesiredItem {
  uuid: string;
  filename: string;
  bytes: Uint8Array;
  sha256: string;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    attachments: Attachment[];
  }
}

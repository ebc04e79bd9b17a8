// A metadata record as git holds it: metadata/<uuid>.xml and its optional metadata/<uuid>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export type MetadataSchema = 'iso19139' | 'iso19115-3';

export interface OnlineResource {
  protocol: string;
  url: string;
  /** Layer name as written in the record, e.g. "urbanisme:plu_zonage". */
  name: string;
  line?: number;
}

export interface MetadataRecord extends DesiredItem {
  uuid: string;
  schema: MetadataSchema;
  /** The record text as git holds it (decoded). */
  xml: string;
  title: string;
  /** Revision/creation date of the record or of the resource, as written in the record. */
  dateStamp?: string;
  onlineResources: OnlineResource[];
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    records: MetadataRecord[];
  }
}

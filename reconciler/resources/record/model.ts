// A metadata record as git holds it: metadata/<uuid>.xml and its optional metadata/<uuid>.yaml.
import type { DesiredItem } from '../../desired/kind.ts';

export type MetadataSchema = 'iso19139' | 'iso19115-3';

/** GeoNetwork's operations on a record (OperationAllowed), as the sharing API names them. */
export const OPERATIONS = ['view', 'download', 'dynamic', 'notify', 'editing', 'featured'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** By group name: the operations the group may do. */
export type RecordPrivileges = Record<string, Operation[]>;

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
  /** metadata/<uuid>.yaml `privileges`: the record's whole sharing; absent = the platform's publishToAll. */
  privileges?: RecordPrivileges;
}

declare module '../../desired/model.ts' {
  interface DesiredState {
    records: MetadataRecord[];
  }
}

// The catalogue behind the twin's API: records, their privileges and their index entries,
// changed the way GeoNetwork's import (MetadataInsertDeleteApi.loadRecord + Importer) and
// sharing services change them. No HTTP here; routes map CatalogError to GeoNetwork's answers.
import { randomUUID } from 'node:crypto';
import { AttachmentStore } from './attachment-store.ts';
import { applyUpdateFixedInfo, detectSchema, extractUuid, setUuid, type GnSchema } from './iso-schema.ts';
import { GROUP_ALL, PUBLICATION_OPERATIONS, grant, type Operation, type Privileges } from './privileges.ts';
import { indexRecord, instantString, type IndexedRecord } from './record-index.ts';
import { RecordStore, type MetadataType, type StoredRecord } from './record-store.ts';
import { XmlSyntaxError, buildXml, parseXml, type XmlNode } from './xml-tree.ts';

export interface Group {
  id: number;
  name: string;
  /** Labels per ISO 639-2/B language. */
  label?: Record<string, string>;
  reserved?: boolean;
}

export const RESERVED_GROUPS: Group[] = [
  { id: -1, name: 'GUEST', label: { eng: 'Guest', fre: 'Invité' }, reserved: true },
  { id: 0, name: 'intranet', label: { eng: 'Intranet', fre: 'Intranet' }, reserved: true },
  { id: 1, name: 'all', label: { eng: 'All', fre: 'Tous' }, reserved: true },
];

export type UuidProcessing = 'NOTHING' | 'OVERWRITE' | 'GENERATEUUID' | 'REMOVE_AND_REPLACE';

export interface ImportRequest {
  xml: string;
  metadataType: MetadataType;
  uuidProcessing: UuidProcessing;
  /** The `group` query parameter as sent (a group id). */
  group?: string;
  publishToAll: boolean;
  allowEditGroupMembers: boolean;
}

export type CatalogErrorKind = 'invalid-xml' | 'unknown-schema' | 'duplicate-uuid' | 'unknown-group';

export class CatalogError extends Error {
  constructor(
    readonly kind: CatalogErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}

export interface ImportResult {
  record: StoredRecord;
  created: boolean;
}

/** A new row of the metadata table (IMetadataManager.insertMetadata). */
export interface NewRecord {
  uuid: string;
  schema: GnSchema;
  xml: string;
  document: XmlNode[];
  metadataType: MetadataType;
  groupOwner: number | null;
  /** MetadataOperations.copyDefaultPrivForGroup's fullRightsForGroup. */
  allowEditGroupMembers: boolean;
  /** A MEF's info.xml dates; the import time otherwise. */
  createDate?: string;
  changeDate?: string;
}

export class Catalog {
  readonly store = new RecordStore();
  readonly attachments = new AttachmentStore();
  private readonly index = new Map<string, IndexedRecord>();

  constructor(
    readonly groups: Group[],
    readonly now: () => Date,
    readonly siteId: string,
    readonly siteName: string,
    readonly ownerName: string,
    readonly ownerId = 1,
  ) {}

  group(id: number): Group | undefined {
    return [...RESERVED_GROUPS, ...this.groups].find((group) => group.id === id);
  }

  /** GroupRepository.findByName: exact name. */
  groupNamed(name: string): Group | undefined {
    return [...RESERVED_GROUPS, ...this.groups].find((group) => group.name === name);
  }

  /** ApiUtils.getRecord: a uuid first, then an internal id. */
  find(uuidOrInternalId: string): StoredRecord | undefined {
    const byUuid = this.store.get(uuidOrInternalId);
    if (byUuid || !/^\d+$/.test(uuidOrInternalId)) return byUuid;
    return this.store.all().find((record) => record.id === Number(uuidOrInternalId));
  }

  indexEntry(uuid: string): IndexedRecord | undefined {
    return this.index.get(uuid);
  }

  /** The `group` request parameter as the owner group id; CatalogError for a group the catalogue lacks. */
  ownerGroup(group: string | undefined): number | null {
    if (group === undefined || group === '') return null;
    const id = Number(group);
    if (!Number.isInteger(id) || !this.group(id)) throw new CatalogError('unknown-group', `Group with id '${group}' not found.`);
    return id;
  }

  indexed(): IndexedRecord[] {
    return this.store.all().map((record) => this.index.get(record.uuid) as IndexedRecord);
  }

  reindex(record: StoredRecord): void {
    record.indexingDate = instantString(this.now());
    this.index.set(record.uuid, indexRecord(record, { groupName: (id) => this.group(id)?.name, siteId: this.siteId, ownerName: this.ownerName }));
  }

  importRecord(request: ImportRequest): ImportResult {
    let document;
    try {
      document = parseXml(request.xml);
    } catch (error) {
      if (error instanceof XmlSyntaxError) throw new CatalogError('invalid-xml', `XML fragment is invalid. Error is ${error.message}`);
      throw error;
    }
    const schema = detectSchema(document);
    if (!schema) {
      throw new CatalogError('unknown-schema', "Can't detect schema for metadata automatically. You could try to force the schema with the schema parameter.");
    }
    let xml = request.xml;
    let uuid = request.metadataType === 'SUB_TEMPLATE' || request.metadataType === 'TEMPLATE_OF_SUB_TEMPLATE' ? randomUUID() : extractUuid(document, schema);
    if (uuid === '' || request.uuidProcessing === 'GENERATEUUID') {
      uuid = randomUUID();
      setUuid(document, schema, uuid);
      xml = buildXml(document);
    }
    const existing = this.store.get(uuid);
    if (existing && request.uuidProcessing === 'NOTHING') {
      throw new CatalogError(
        'duplicate-uuid',
        `A record with UUID '${uuid}' already exist and you choose no action on UUID processing. Choose to overwrite existing record or to generate a new UUID.`,
      );
    }
    let result: ImportResult;
    if (existing && request.uuidProcessing === 'OVERWRITE') {
      result = { record: this.overwrite(existing, document, schema), created: false };
    } else {
      const groupOwner = this.ownerGroup(request.group);
      if (existing) this.delete(uuid);
      const fields = { uuid, schema, xml, document, metadataType: request.metadataType, groupOwner, allowEditGroupMembers: request.allowEditGroupMembers };
      result = { record: this.insert(fields), created: true };
    }
    if (request.publishToAll) grant(result.record.privileges, GROUP_ALL, PUBLICATION_OPERATIONS);
    this.reindex(result.record);
    return result;
  }

  /** uuidProcessing=OVERWRITE on an existing uuid: updateMetadata(ufo=true, updateDateStamp=true). */
  overwrite(existing: StoredRecord, document: XmlNode[], schema: GnSchema): StoredRecord {
    const changeDate = instantString(this.now());
    applyUpdateFixedInfo(document, schema, existing.uuid, changeDate, existing.createDate);
    const record: StoredRecord = { ...existing, schema, document, xml: buildXml(document), changeDate };
    this.store.put(record);
    return record;
  }

  insert(fields: NewRecord): StoredRecord {
    const privileges: Privileges = new Map();
    if (fields.groupOwner !== null) {
      // MetadataOperations.copyDefaultPrivForGroup: view + notify, everything when group members may edit.
      const operations: Operation[] = fields.allowEditGroupMembers ? ['view', 'notify', 'editing', 'download', 'dynamic', 'featured'] : ['view', 'notify'];
      grant(privileges, fields.groupOwner, operations);
    }
    const date = instantString(this.now());
    const record: StoredRecord = {
      id: this.store.nextId(),
      uuid: fields.uuid,
      schema: fields.schema,
      metadataType: fields.metadataType,
      xml: fields.xml,
      document: fields.document,
      owner: this.ownerId,
      groupOwner: fields.groupOwner,
      createDate: fields.createDate ?? date,
      changeDate: fields.changeDate ?? date,
      indexingDate: date,
      popularity: 0,
      privileges,
    };
    this.store.put(record);
    return record;
  }

  /** The record, its index entry and its attachments (MetadataInsertDeleteApi.deleteRecord: store.delResources). */
  delete(uuid: string): boolean {
    const record = this.store.get(uuid);
    if (record) this.attachments.deleteAll(record.id);
    this.index.delete(uuid);
    return this.store.delete(uuid);
  }

  clear(): void {
    this.store.clear();
    this.index.clear();
    this.attachments.clear();
  }
}

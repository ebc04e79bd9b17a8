// The twin's metadata table: one entry per record, as GeoNetwork's database holds it.
import type { GnSchema } from './iso-schema.ts';
import type { Privileges } from './privileges.ts';
import type { XmlNode } from './xml-tree.ts';

export type MetadataType = 'METADATA' | 'TEMPLATE' | 'SUB_TEMPLATE' | 'TEMPLATE_OF_SUB_TEMPLATE';

export interface StoredRecord {
  id: number;
  uuid: string;
  schema: GnSchema;
  metadataType: MetadataType;
  /** The record text as stored (as sent for a new record, rewritten by update-fixed-info on overwrite). */
  xml: string;
  /** Parsed form of `xml`, kept to index and decorate without re-parsing. */
  document: XmlNode[];
  owner: number;
  groupOwner: number | null;
  /** ISO 8601 instants. */
  createDate: string;
  changeDate: string;
  indexingDate: string;
  popularity: number;
  privileges: Privileges;
}

export class RecordStore {
  private readonly records = new Map<string, StoredRecord>();
  private lastId = 0;

  get(uuid: string): StoredRecord | undefined {
    return this.records.get(uuid);
  }

  /** Records in insertion order (the index's document order). */
  all(): StoredRecord[] {
    return [...this.records.values()];
  }

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  put(record: StoredRecord): void {
    this.records.set(record.uuid, record);
  }

  delete(uuid: string): boolean {
    return this.records.delete(uuid);
  }

  clear(): void {
    this.records.clear();
    this.lastId = 0;
  }

  get size(): number {
    return this.records.size;
  }
}

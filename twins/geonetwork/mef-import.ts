// A MEF imported as GeoNetwork's Importer.doImport does it (gn:core/.../kernel/mef/Importer.java, MEF2Visitor,
// MEFVisitor) [code]: per record folder, pick the metadata file, take the uuid from info.xml, apply
// uuidProcessing, insert or update, set popularity and privileges from info.xml, then store the public and
// private files it lists. A failure stops the archive where it happened (what was imported before stays) and
// is reported by the caller; nothing here speaks HTTP.
import { randomUUID } from 'node:crypto';
import type { Catalog, UuidProcessing } from './catalog.ts';
import { CatalogError } from './catalog.ts';
import { detectSchema, extractUuid, setUuid, type GnSchema } from './iso-schema.ts';
import { EMPTY_INFO, parseInfo, type InfoFile, type MefInfo } from './mef-info.ts';
import { MefError, type MefArchive, type MefFile, type MefFolder } from './mef-archive.ts';
import { OPERATIONS, grant, isOperation, type Operation } from './privileges.ts';
import type { MetadataType, StoredRecord } from './record-store.ts';
import { instantString, zuluDate } from './record-index.ts';
import { XmlSyntaxError, attributeOf, buildXml, parseXml, rootElement, type XmlNode } from './xml-tree.ts';

export interface MefImportRequest {
  metadataType: MetadataType;
  uuidProcessing: UuidProcessing;
  /** The `group` parameter: when set, the records are inserted into it and info.xml's privileges are not applied. */
  group?: string;
  transformWith: string;
  /** The uploaded file's name, as GeoNetwork's messages name the archive. */
  archiveName: string;
}

export interface MefImportOutcome {
  /** Internal ids of the records imported, in order (MEFLib.doImport's answer). */
  ids: number[];
  /** Why the archive stopped, when it did. */
  failure?: MefError;
}

interface ChosenMetadata {
  xml: string;
  document: XmlNode[];
  schema: GnSchema;
}

const decode = (data: Uint8Array) => Buffer.from(data).toString('utf8');

/** Xml.loadFile: a JDOMException whose message ends with its cause's. */
function loadXml(path: string, data: Uint8Array): { xml: string; document: XmlNode[] } {
  const xml = decode(data);
  try {
    return { xml, document: parseXml(xml) };
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new MefError(`Error occurred while trying to load an xml file: ${path}: ${error.message}`, 'org.jdom.JDOMException');
  }
}

/** Importer.handleMetadataFiles: the file of info.xml's schema, else of the preferred schema (iso19139), else the first known. */
function chooseMetadata(folder: MefFolder, info: MefInfo): ChosenMetadata {
  const bySchema = new Map<GnSchema, ChosenMetadata>();
  let lastFile: string | undefined;
  for (const file of folder.metadataFiles) {
    lastFile = `metadata/${file.name}`;
    const { xml, document } = loadXml(`/${folder.name}/metadata/${file.name}`, file.data);
    const schema = detectSchema(document);
    if (schema) bySchema.set(schema, { xml, document, schema });
  }
  const infoUuid = info.general?.get('uuid') ?? 'null';
  if (bySchema.size === 0)
    throw new MefError(`${infoUuid} / No valid metadata file found${lastFile ? ` in ${lastFile}` : ''}.`, 'org.fao.geonet.exceptions.BadFormatEx');
  const infoSchema = info.general?.get('schema') as GnSchema | undefined;
  return (infoSchema && bySchema.get(infoSchema)) ?? bySchema.get('iso19139') ?? [...bySchema.values()][0]!;
}

/** MEFLib.getChangeDate: every file of a public or private folder must be listed in info.xml. */
function listedChangeDate(listed: InfoFile[], name: string): string {
  const file = listed.find((candidate) => candidate.name === name);
  if (!file) throw new MefError(`File not found in info.xml : ${name}`, 'java.lang.Exception');
  return file.changeDate;
}

export class MefImporter {
  constructor(
    private readonly catalog: Catalog,
    private readonly request: MefImportRequest,
  ) {}

  run(archive: MefArchive): MefImportOutcome {
    const ids: number[] = [];
    // MEF2Visitor keeps the last info.xml read when a later folder has none.
    let info: MefInfo = EMPTY_INFO;
    try {
      for (const folder of archive.folders) {
        if (archive.version === 1) {
          if (folder.metadataFiles.length === 0) throw new MefError('Missing metadata file : metadata.xml', 'org.fao.geonet.exceptions.BadFormatEx');
          if (!folder.info) throw new MefError('Missing info file : info.xml', 'org.fao.geonet.exceptions.BadFormatEx');
        } else if (folder.metadataFiles.length === 0) {
          throw new MefError(
            `Missing XML document in metadata folder /${folder.name}/metadata in MEF file ${this.request.archiveName}.`,
            'org.fao.geonet.exceptions.BadFormatEx',
          );
        }
        if (folder.info) info = this.readInfo(folder);
        const chosen = archive.version === 1 ? this.singleMetadata(folder) : chooseMetadata(folder, info);
        const record = this.importFolder(chosen, info);
        this.storeFiles(record, folder, info, archive.version);
        this.catalog.reindex(record);
        ids.push(record.id);
      }
    } catch (error) {
      if (error instanceof MefError) return { ids, failure: error };
      throw error;
    }
    return { ids };
  }

  private readInfo(folder: MefFolder): MefInfo {
    const path = folder.name === '' ? 'info.xml' : `/${folder.name}/info.xml`;
    try {
      return parseInfo(decode(folder.info as Uint8Array));
    } catch (error) {
      if (!(error instanceof XmlSyntaxError)) throw error;
      throw new MefError(`Error occurred while trying to load an xml file: ${path}: ${error.message}`, 'org.jdom.JDOMException');
    }
  }

  /** MEFVisitor: metadata.xml as it is; an unknown schema fails in handleInfo. */
  private singleMetadata(folder: MefFolder): ChosenMetadata {
    const { xml, document } = loadXml('metadata.xml', (folder.metadataFiles[0] as MefFile).data);
    const schema = detectSchema(document);
    if (!schema) throw new MefError('Unknown schema', 'java.lang.Exception');
    return { xml, document, schema };
  }

  /** Importer.handleInfo then importRecord, and the metadataManager.update() that follows. */
  private importFolder(chosen: ChosenMetadata, info: MefInfo): StoredRecord {
    if (this.request.transformWith !== '_none_') throw new MefError(`XSL transformation '${this.request.transformWith}' not found.`, 'java.lang.Exception');
    // An info.xml without <general> fails on general.getChildText("uuid").
    if (!info.empty && !info.general) throw new MefError('null', 'java.lang.NullPointerException');
    const sourceUuid = info.empty ? this.plainUuid(chosen) : (info.general?.get('uuid') ?? '');
    let { xml, document } = chosen;
    let uuid = sourceUuid;
    if (uuid.trim() === '' || this.request.uuidProcessing === 'GENERATEUUID') {
      uuid = randomUUID();
      // updateMetadataUuidReferences: the old uuid replaced everywhere in the text (links, thumbnails…).
      if (sourceUuid.trim() !== '') {
        xml = xml.split(sourceUuid).join(uuid);
        document = parseXml(xml);
      }
      setUuid(document, chosen.schema, uuid);
      xml = buildXml(document);
    }
    const failed = (reason: string) => new MefError(`Failed to import metadata with uuid '${uuid}'. ${reason}`, 'java.lang.Exception');
    const existing = this.catalog.store.get(uuid);
    let record: StoredRecord;
    if (existing && this.request.uuidProcessing === 'NOTHING') {
      throw failed('Record already exists. Change the import mode to overwrite or generating a new UUID.');
    } else if (existing && this.request.uuidProcessing === 'OVERWRITE') {
      record = this.catalog.overwrite(existing, document, chosen.schema);
    } else {
      let groupOwner: number | null;
      try {
        groupOwner = this.catalog.ownerGroup(this.request.group);
      } catch (error) {
        if (error instanceof CatalogError) throw failed(error.message);
        throw error;
      }
      if (existing) this.catalog.delete(uuid);
      record = this.catalog.insert({
        uuid,
        schema: chosen.schema,
        xml,
        document,
        metadataType: this.request.metadataType,
        groupOwner,
        allowEditGroupMembers: false,
        ...(info.empty ? {} : { createDate: infoDate(info.general?.get('createDate')), changeDate: infoDate(info.general?.get('changeDate')) }),
      });
    }
    record.metadataType = this.request.metadataType;
    const popularity = Number(info.general?.get('popularity'));
    if (Number.isInteger(popularity)) record.popularity = popularity;
    this.applyPrivileges(record, info);
    return record;
  }

  private plainUuid(chosen: ChosenMetadata): string {
    if (this.request.metadataType === 'METADATA') return extractUuid(chosen.document, chosen.schema);
    // Sub-templates carry their uuid in a root @uuid.
    const root = rootElement(chosen.document);
    return (root && attributeOf(root, '', 'uuid')) ?? '';
  }

  /**
   * Without a `group` parameter, info.xml's groups that exist here (by name) get their operations and the one
   * marked groupOwner becomes the owner group (Importer.addPrivileges). With one, Importer.addOperations reads
   * `operation` children of the privileges element: none in a MEF's info.xml, all six in the element it makes
   * up for a record without info.xml.
   */
  private applyPrivileges(record: StoredRecord, info: MefInfo): void {
    if (this.request.group !== undefined && this.request.group !== '') {
      const group = this.catalog.group(Number(this.request.group));
      if (info.empty && group) grant(record.privileges, group.id, OPERATIONS);
      return;
    }
    for (const privilege of info.privileges) {
      const group = this.catalog.groupNamed(privilege.group);
      if (!group) continue;
      grant(
        record.privileges,
        group.id,
        privilege.operations.filter((name): name is Operation => isOperation(name)),
      );
      if (privilege.groupOwner) record.groupOwner = group.id;
    }
  }

  /**
   * Importer.saveFile: each file stored under its name, dated by info.xml (putResource with approved=true, so
   * an existing file is replaced). MEF2Visitor.handleBin skips a folder info.xml lists nothing for; MEFVisitor
   * requires every file to be listed.
   */
  private storeFiles(record: StoredRecord, folder: MefFolder, info: MefInfo, version: 1 | 2): void {
    for (const [visibility, files, listed] of [
      ['public', folder.publicFiles, info.publicFiles],
      ['private', folder.privateFiles, info.privateFiles],
    ] as const) {
      if (version === 2 && listed.length === 0) continue;
      for (const file of files) {
        const changeDate = listedChangeDate(listed, file.name);
        const lastModification = new Date(Date.parse(zuluDate(changeDate) ?? '') || this.catalog.now().getTime());
        this.catalog.attachments.put(record.id, { filename: file.name, visibility, data: Buffer.from(file.data), lastModification });
      }
    }
  }
}

/** info.xml's createDate / changeDate as the twin stores dates (ISODate parses them; no zone reads as UTC). */
function infoDate(value: string | undefined): string | undefined {
  const zulu = value === undefined ? undefined : zuluDate(value);
  return zulu === undefined ? undefined : instantString(new Date(zulu));
}

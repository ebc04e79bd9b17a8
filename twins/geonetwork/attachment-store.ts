// The record filestore ("resourceStore", FilesystemStore): per record, a public and a private folder of files.
// GeoNetwork keys the folders by the record's internal id (Lib.resource.getMetadataDir), so a record that
// keeps its id (OVERWRITE) keeps its files and a re-inserted one (REMOVE_AND_REPLACE) starts empty. [code]

export type Visibility = 'public' | 'private';

export const VISIBILITIES: readonly Visibility[] = ['public', 'private'];

export interface StoredFile {
  filename: string;
  visibility: Visibility;
  data: Buffer;
  /** The file's modification time (the upload, or info.xml's changeDate for a MEF import). */
  lastModification: Date;
}

export class AttachmentStore {
  private readonly folders = new Map<number, Map<Visibility, Map<string, StoredFile>>>();

  private folder(recordId: number, visibility: Visibility): Map<string, StoredFile> {
    let record = this.folders.get(recordId);
    if (!record) {
      record = new Map();
      this.folders.set(recordId, record);
    }
    let files = record.get(visibility);
    if (!files) {
      files = new Map();
      record.set(visibility, files);
    }
    return files;
  }

  get(recordId: number, visibility: Visibility, filename: string): StoredFile | undefined {
    return this.folders.get(recordId)?.get(visibility)?.get(filename);
  }

  /** Files of one folder, in no particular order (callers sort as GeoNetwork does). */
  list(recordId: number, visibility: Visibility): StoredFile[] {
    return [...(this.folders.get(recordId)?.get(visibility)?.values() ?? [])];
  }

  put(recordId: number, file: StoredFile): void {
    this.folder(recordId, file.visibility).set(file.filename, file);
  }

  delete(recordId: number, visibility: Visibility, filename: string): boolean {
    return this.folders.get(recordId)?.get(visibility)?.delete(filename) ?? false;
  }

  /** The record's whole folder (FilesystemStore.delResources). */
  deleteAll(recordId: number): void {
    this.folders.delete(recordId);
  }

  clear(): void {
    this.folders.clear();
  }
}

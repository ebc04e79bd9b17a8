// The comparable form of a store git holds as a file: what the store says of itself (description,
// enabled) and one line per file of its folder (sha256 and size), so a plan shows which part of the
// data changed and by how much.
import { GeofluxError } from '../../core/problems.ts';
import type { Canonical } from '../../core/canonical.ts';
import type { IgnoreRules } from '../../desired/model.ts';
import { canonicalProperties, isDesired } from '../common.ts';
import type { DesiredResource, ObservedResource } from '../types.ts';
import type { DataFileRef } from './model.ts';
import { contentLines, type ObservedFiles } from './store-files.ts';

interface FileStoreSpec {
  description?: string;
  enabled: boolean;
  files?: ObservedFiles;
}

export function canonicalFileStore(
  kind: string,
  resource: DesiredResource<FileStoreSpec> | ObservedResource<FileStoreSpec>,
  file: DataFileRef,
  rules: IgnoreRules,
): Canonical {
  const { description, enabled } = resource.spec;
  const observed = isDesired(resource) ? undefined : resource.spec.files;
  const content = observed ? contentLines(file, observed.parts, observed.outside) : contentLines(file, file.parts ?? {});
  return canonicalProperties(kind, { description: description || undefined, enabled, content }, rules);
}

/** Where the content to upload is on disk: inspection found it, or the run has nothing to send. */
export function sourceOf(file: DataFileRef): string {
  if (!file.source) throw new GeofluxError('InvalidDataFile', `${file.path}: its content could not be read (see validate)`, { file: file.path });
  return file.source;
}

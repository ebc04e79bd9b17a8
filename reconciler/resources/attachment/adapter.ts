// A record's attachments on GeoNetwork (/srv/api/records/{uuid}/attachments): compared by content
// (sha256 of the bytes, downloaded only when the file's lastModification or size moved since the
// last run), uploaded by multipart POST, deleted with DELETE. Only the attachments of records whose
// attachments git holds, or held at the last run, are read: prune takes those it remembers.
import type { IgnoreRules } from '../../desired/model.ts';
import { sha256Hex } from '../../desired/lfs.ts';
import { canonicalProperties, FETCH_CONCURRENCY, mapLimit } from '../common.ts';
import type { ObservedResource, ResourceAdapter } from '../types.ts';

export interface AttachmentSpec {
  uuid: string;
  filename: string;
  sha256: string;
  size: number;
  /** Desired: what is uploaded. */
  bytes?: Uint8Array;
}

const uuidOf = (key: string) => key.slice(0, key.indexOf('/'));

export const attachmentAdapter: ResourceAdapter<AttachmentSpec, AttachmentSpec> = {
  kind: 'attachment',
  labels: { fr: 'pièce jointe', en: 'attachment' },
  // observe reads only the attachments of records git holds attachments of, or did
  inScope: () => true,

  desired(state) {
    return state.attachments.map((attachment) => ({
      kind: 'attachment',
      key: `${attachment.uuid}/${attachment.filename}`,
      file: attachment.location.file,
      spec: { uuid: attachment.uuid, filename: attachment.filename, sha256: attachment.sha256, size: attachment.bytes.length, bytes: attachment.bytes },
      dependsOn: [`record:${attachment.uuid}`],
    }));
  },

  async observe(ctx, options) {
    const keys = options.keys ?? new Set([...(options.desired?.keys() ?? []), ...[...options.previous.keys()].filter((key) => key.includes('/'))]);
    const uuids = [...new Set([...keys].map(uuidOf))];
    const found = await mapLimit(uuids, FETCH_CONCURRENCY, async (uuid) => {
      const listed = (await ctx.geonetwork.listAttachments(uuid)) ?? [];
      const observed: ObservedResource<AttachmentSpec>[] = [];
      for (const info of listed) {
        const key = `${uuid}/${info.filename}`;
        if (options.keys && !options.keys.has(key)) continue;
        const version = `${info.lastModification ?? ''}|${info.size ?? ''}`;
        const previous = options.previous.get(key);
        let sha256 = previous?.version === version ? (previous.facts?.sha256 as string | undefined) : undefined;
        let size = info.size ?? 0;
        if (!sha256) {
          const bytes = await ctx.geonetwork.getAttachment(uuid, info.filename);
          if (!bytes) continue;
          sha256 = sha256Hex(bytes);
          size = bytes.length;
        }
        observed.push({
          kind: 'attachment',
          key,
          spec: { uuid, filename: info.filename, sha256, size },
          version,
          facts: { sha256, size, lastModification: info.lastModification, url: info.url },
        });
      }
      return observed;
    });
    return found.flat();
  },

  normalise(resource, rules: IgnoreRules) {
    return canonicalProperties('attachment', { content: `sha256:${resource.spec.sha256} (${resource.spec.size} bytes)` }, rules);
  },

  // GeoNetwork refuses to upload over a file it holds: the old one goes first (a MEF the record
  // was sent as may have brought it)
  async create(ctx, resource) {
    await ctx.geonetwork.deleteAttachment(resource.spec.uuid, resource.spec.filename);
    await ctx.geonetwork.uploadAttachment(resource.spec.uuid, resource.spec.filename, resource.spec.bytes ?? new Uint8Array());
  },

  async update(ctx, resource) {
    await ctx.geonetwork.deleteAttachment(resource.spec.uuid, resource.spec.filename);
    await ctx.geonetwork.uploadAttachment(resource.spec.uuid, resource.spec.filename, resource.spec.bytes ?? new Uint8Array());
  },

  async delete(ctx, observed) {
    await ctx.geonetwork.deleteAttachment(observed.spec.uuid, observed.spec.filename);
  },
};

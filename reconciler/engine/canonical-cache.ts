// Canonical forms of desired resources, remembered under <state>/cache/ by a digest of the
// resource (as rendered for the platform) and the ignore rules: a full plan of an unchanged
// repository does not parse and canonicalise 10,000 records again (issue 13, item 8). Keyed by content, the cache serves every platform and commit;
// the kinds' code version is in the file name. Opened lazily: incremental runs, which normalise a
// handful of resources, never read it.
import { createHash, hash } from 'node:crypto';
import { join } from 'node:path';
import type { Canonical } from '../core/canonical.ts';
import { FrameLog, removeForgottenLogs } from '../core/frame-log.ts';
import { codeVersion } from '../desired/load-cache.ts';
import type { IgnoreRules } from '../desired/model.ts';
import type { DesiredResource, ObservedResource, ResourceAdapter } from '../resources/types.ts';

const CACHE_FORMAT = 'geoflux-canonical-cache 2';
const FORGOTTEN_AFTER_MS = 7 * 24 * 3600 * 1000;

/** [digest, index of the text in the frame's texts, ignored, masked, last use (ms)] */
type Entry = [string, number, Canonical['ignored'], Canonical['masked'], number];
/** Each text once per frame (resources that render alike share it). */
interface Frame {
  texts: string[];
  entries: Entry[];
}

interface Known {
  canonical: Canonical;
  usedAt: number;
}

export class CanonicalCache {
  private readonly entries = new Map<string, Known>();
  private readonly learnt = new Map<string, Known>();
  private log: FrameLog<Frame> | undefined;
  private opening: Promise<void> | undefined;
  private readonly now = Date.now();

  constructor(private readonly dir: string) {}

  /** Reads the file (once); later calls wait for the same read. */
  open(): Promise<void> {
    this.opening ??= (async () => {
      const key = createHash('sha256')
        .update(`${CACHE_FORMAT}\0${await codeVersion()}`)
        .digest('hex')
        .slice(0, 20);
      this.log = new FrameLog(join(this.dir, `canonical-${key}.bin`), CACHE_FORMAT);
      for (const frame of await this.log.read()) {
        for (const [digest, text, ignored, masked, usedAt] of frame.entries) {
          this.entries.set(digest, { canonical: { text: frame.texts[text]!, ignored, ...(masked ? { masked } : {}) }, usedAt });
        }
      }
    })();
    return this.opening;
  }

  /**
   * The adapters with their normalise() of desired resources answered from the cache. The live
   * side is normalised as before: an unchanged server object already comes with the canonical form
   * the state remembers (its version marker says so). The cache must be open.
   */
  serving(adapters: ReadonlyMap<string, ResourceAdapter>): Map<string, ResourceAdapter> {
    const served = new Map<string, ResourceAdapter>();
    const rulesDigests = new WeakMap<IgnoreRules, string>();
    for (const [kind, adapter] of adapters) {
      const normalise: ResourceAdapter['normalise'] = (resource, rules, counterpart) => {
        if (counterpart || !isDesired(resource)) return adapter.normalise(resource, rules, counterpart);
        let rulesDigest = rulesDigests.get(rules);
        if (rulesDigest === undefined) rulesDigests.set(rules, (rulesDigest = JSON.stringify(rules)));
        const digest = hash('sha256', `${rulesDigest}\0${JSON.stringify(resource, bytesAsBase64)}`, 'base64url');
        const known = this.entries.get(digest);
        if (known) {
          known.usedAt = this.now;
          return known.canonical;
        }
        const canonical = adapter.normalise(resource, rules);
        const entry = { canonical, usedAt: this.now };
        this.entries.set(digest, entry);
        this.learnt.set(digest, entry);
        return canonical;
      };
      served.set(kind, { ...adapter, normalise });
    }
    return served;
  }

  /** Writes what this run learnt; a rewrite keeps the entries used in the last week. */
  async save(): Promise<void> {
    if (!this.log || (this.learnt.size === 0 && !this.log.needsRewrite)) return;
    const limit = this.now - FORGOTTEN_AFTER_MS;
    const rewritten = await this.log.save(
      () => frameOf(this.learnt),
      () => frameOf(new Map([...this.entries].filter(([, known]) => known.usedAt >= limit))),
    );
    if (rewritten) await removeForgottenLogs(this.dir, 'canonical-', FORGOTTEN_AFTER_MS);
    this.learnt.clear();
  }
}

function isDesired(resource: DesiredResource | ObservedResource): resource is DesiredResource {
  return Array.isArray((resource as DesiredResource).dependsOn);
}

/** JSON.stringify replacer: bytes (style bodies) as one string, not an object of numbered keys. */
function bytesAsBase64(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? `\0bytes:${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64')}` : value;
}

function frameOf(entries: ReadonlyMap<string, Known>): Frame {
  const texts: string[] = [];
  const indexes = new Map<string, number>();
  const frame: Frame = { texts, entries: [] };
  for (const [digest, { canonical, usedAt }] of entries) {
    let index = indexes.get(canonical.text);
    if (index === undefined) {
      index = texts.push(canonical.text) - 1;
      indexes.set(canonical.text, index);
    }
    frame.entries.push([digest, index, canonical.ignored, canonical.masked, usedAt]);
  }
  return frame;
}

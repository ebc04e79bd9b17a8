// POST /srv/api/search/records/_search: GeoNetwork's Elasticsearch proxy (FACTS B.6,
// gn:services/.../api/es/EsHTTPProxy.java). The proxy reads the body's `query`, adds the
// permission filter, forwards to ES and adds its per-hit permission fields.
import type { TwinResponse } from '../types.ts';
import { GROUP_ALL, GROUP_GUEST, allows, type Operation } from './privileges.ts';
import type { IndexedRecord } from './record-index.ts';
import type { StoredRecord } from './record-store.ts';
import { json, runtimeException } from './responses.ts';
import { canView, isAdmin, mediaType, type RouteContext } from './route-context.ts';
import { SearchError } from './search-error.ts';
import { executeSearch } from './search-request.ts';

const RELATED_TYPES = new Set([
  'children',
  'parent',
  'brothersAndSisters',
  'siblings',
  'associated',
  'services',
  'datasets',
  'fcats',
  'hasfeaturecats',
  'sources',
  'hassources',
  'related',
  'onlines',
  'thumbnails',
]);

export function postSearch(ctx: RouteContext): TwinResponse {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/json') {
    return runtimeException(
      'HttpMediaTypeNotSupportedException',
      `Content type '${String(ctx.req.headers['content-type'] ?? 'application/octet-stream')}' not supported`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(ctx.req.body.toString('utf8'));
  } catch (error) {
    return runtimeException('JsonParseException', (error as Error).message);
  }
  // The proxy dereferences body.query before anything else: no query, NullPointerException.
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('query' in body) || (body as { query: unknown }).query === null) {
    return runtimeException('NullPointerException', '');
  }
  const relatedTypes = ctx.req.url.searchParams.getAll('relatedType');
  const unknownRelated = relatedTypes.find((type) => !RELATED_TYPES.has(type));
  if (unknownRelated) return runtimeException('MethodArgumentTypeMismatchException', `No enum constant RelatedItemType.${unknownRelated}`);

  const visible = ctx.catalog.indexed().filter((entry) => canView(ctx, ctx.catalog.store.get(entry._id) as StoredRecord));
  const started = performance.now();
  let result;
  try {
    result = executeSearch(body, visible);
  } catch (error) {
    if (error instanceof SearchError) return json(error.status, error.body());
    throw error;
  }
  return json(200, {
    took: Math.round(performance.now() - started),
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: {
      ...(result.total ? { total: result.total } : {}),
      max_score: result.maxScore,
      hits: result.hits.map((hit) => ({
        _index: 'gn-records',
        _type: '_doc',
        _id: hit.record._id,
        _score: hit.score,
        ...(hit.source ? { _source: hit.source } : {}),
        ...(hit.sort ? { sort: hit.sort } : {}),
        ...permissionFields(ctx, hit.record),
        ...(relatedTypes.length > 0 ? { related: Object.fromEntries(relatedTypes.map((type) => [type, []])) } : {}),
      })),
    },
  });
}

/** Fields EsHTTPProxy adds next to _source; ownerId only for an authenticated caller (sample responses). */
function permissionFields(ctx: RouteContext, entry: IndexedRecord): Record<string, unknown> {
  const record = ctx.catalog.store.get(entry._id) as StoredRecord;
  const admin = isAdmin(ctx);
  const may = (operation: Operation) => admin || allows(record.privileges, GROUP_ALL, operation) || allows(record.privileges, GROUP_GUEST, operation);
  return {
    ...(admin ? { ownerId: record.owner } : {}),
    edit: admin,
    canReview: admin,
    owner: admin && record.owner === ctx.catalog.ownerId,
    isPublishedToAll: allows(record.privileges, GROUP_ALL, 'view'),
    view: may('view'),
    notify: may('notify'),
    download: may('download'),
    dynamic: may('dynamic'),
    featured: may('featured'),
    selected: false,
  };
}

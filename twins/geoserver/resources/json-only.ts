// Body reading and answers of the routes the twin serves in JSON only (service and global
// settings): the real server also reads and writes XStream XML for them.
import type { TwinResponse } from '../../types.ts';
import { RestError, serverError } from '../errors.ts';
import type { RestContext } from '../rest.ts';
import { mediaType } from '../xstream/body.ts';

export type Json = Record<string, unknown>;

/** The object under `root` in a JSON body (415 for another content type, 500 as XStream fails otherwise). */
export function readJsonRoot(ctx: RestContext, root: string): Json {
  const contentType = mediaType(ctx.req.headers['content-type']);
  if (contentType !== 'application/json' && contentType !== 'text/json') {
    throw new RestError(415, `Content-Type '${contentType || 'application/octet-stream'}' is not supported`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.req.body.toString('utf8'));
  } catch (error) {
    throw serverError(`Unable to parse the request body: ${(error as Error).message.split('\n')[0]}`);
  }
  const body = parsed && typeof parsed === 'object' ? (parsed as Json)[root] : undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw serverError(`Expected a ${root} object in the request body`);
  return body as Json;
}

/** XStream's reflection converter knows each class's fields only. */
export function checkFields(value: unknown, fields: ReadonlySet<string>, className: string): void {
  if (!value || typeof value !== 'object') return;
  for (const field of Object.keys(value)) if (!fields.has(field)) throw serverError(`No such field ${className}.${field}`);
}

export function jsonAnswer(ctx: RestContext, root: string, value: unknown): TwinResponse {
  if (ctx.format !== 'json') throw new RestError(406, 'No acceptable representation');
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [root]: value }) };
}

// The twin against the upstream contract: request parameters and response bodies checked
// against GeoNetwork 4.2.7's OpenAPI document (contracts/geonetwork/spec.yaml) and the _search
// answer against the two real responses in contracts/geonetwork/samples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { TwinResponse } from '../types.ts';
import { contractFor, contractsDir } from '../contracts.ts';
import { GeoNetworkTwin } from './geonetwork-twin.ts';
import { SAMPLES_DIR, TwinClient, bodyJson, iso19139 } from './test-support.ts';

interface Parameter {
  name: string;
  in: string;
  schema: Record<string, unknown>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

// The generated document continues escaped double-quoted lines at the key's own indentation,
// which the yaml package (rightly, per YAML 1.2) refuses; indenting them changes no value.
const specText = readFileSync(join(contractsDir, 'geonetwork', 'spec.yaml'), 'utf8').replace(/^( *)\\ /gm, '$1  \\ ');
const spec = parse(specText) as { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const format of ['int32', 'int64', 'float', 'double', 'binary']) ajv.addFormat(format, true);
ajv.addSchema({ $id: 'gn', components: spec.components });

function operation(path: string, method: string): Operation {
  const found = spec.paths[path]?.[method];
  if (!found) throw new Error(`spec has no ${method.toUpperCase()} ${path}`);
  return found;
}

function resolve(schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref as string | undefined;
  return ref ? { $ref: `gn${ref}` } : schema;
}

/** Every query parameter of the request is declared by the operation and valid for its schema. */
function expectRequestConforms(path: string, method: string, url: string): void {
  const declared = new Map((operation(path, method).parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const [name, raw] of new URL(url, 'http://x').searchParams) {
    const parameter = declared.get(name);
    expect(parameter, `${method.toUpperCase()} ${path}: undeclared query parameter ${name}`).toBeDefined();
    const schema = parameter!.schema as { type?: string; items?: { type?: string } };
    const itemType = schema.type === 'array' ? schema.items?.type : schema.type;
    const value = itemType === 'boolean' ? (raw === 'true' ? true : raw === 'false' ? false : raw) : itemType === 'integer' ? Number(raw) : raw;
    const validate = ajv.compile(schema.type === 'array' ? { ...schema } : schema);
    expect(validate(schema.type === 'array' ? [value] : value), `${name}=${raw}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
}

/** The status is documented and, when the spec gives a JSON schema, the body validates against it. */
function expectResponseConforms(path: string, method: string, response: TwinResponse): void {
  const responses = operation(path, method).responses;
  const documented = responses[String(response.status)];
  expect(documented, `${method.toUpperCase()} ${path}: status ${response.status} not in the spec`).toBeDefined();
  const contentType = String(response.headers?.['content-type'] ?? '').split(';')[0];
  if (!documented.content || response.body === undefined) return;
  const media = documented.content[contentType];
  expect(media, `${method.toUpperCase()} ${path} ${response.status}: ${contentType} not declared`).toBeDefined();
  if (contentType === 'application/json' && media?.schema) {
    const validate = ajv.compile(resolve(media.schema));
    expect(validate(bodyJson(response)), ajv.errorsText(validate.errors)).toBe(true);
  }
}

const realSample = (name: string) => JSON.parse(readFileSync(join(SAMPLES_DIR, name), 'utf8'));
const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

describe('contract with GeoNetwork 4.2.7 (spec.yaml and real samples)', () => {
  let client: TwinClient;
  let twin: GeoNetworkTwin;

  beforeAll(async () => {
    twin = new GeoNetworkTwin();
    client = new TwinClient(twin);
    await client.handshake();
  });

  it('PUT /records: parameters and the SimpleMetadataProcessingReport', async () => {
    const query = 'metadataType=METADATA&uuidProcessing=OVERWRITE&group=2&publishToAll=true&rejectIfInvalid=false&transformWith=_none_';
    expectRequestConforms('/records', 'put', `/records?${query}`);
    expect(Object.keys(operation('/records', 'put').requestBody!.content)).toEqual(['application/xml']);
    const response = await client.putRecord(iso19139('contract-1', 'Contrat'), query);
    expectResponseConforms('/records', 'put', response);
  });

  it('GET formatters/xml: parameters and an application/xml answer', async () => {
    const query = 'addSchemaLocation=true&increasePopularity=false&withInfo=false&attachment=false&approved=true';
    expectRequestConforms('/records/{metadataUuid}/formatters/xml', 'get', `/x?${query}`);
    const response = await client.call('GET', `/srv/api/records/contract-1/formatters/xml?${query}`);
    expectResponseConforms('/records/{metadataUuid}/formatters/xml', 'get', response);
  });

  it('GET and PUT sharing: SharingResponse and SharingParameter', async () => {
    const read = await client.call('GET', '/srv/api/records/contract-1/sharing', { headers: { accept: 'application/json' } });
    expectResponseConforms('/records/{metadataUuid}/sharing', 'get', read);
    const body = {
      clear: true,
      privileges: [
        { group: 1, operations: { view: true, download: true, dynamic: true } },
        { group: 2, operations: { view: true, editing: true } },
      ],
    };
    const validateBody = ajv.compile(resolve(operation('/records/{metadataUuid}/sharing', 'put').requestBody!.content['application/json'].schema));
    expect(validateBody(body)).toBe(true);
    const write = await client.call('PUT', '/srv/api/records/contract-1/sharing', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expectResponseConforms('/records/{metadataUuid}/sharing', 'put', write);
  });

  it('_search: declared parameters; top-level and hit keys of the real responses', async () => {
    expectRequestConforms('/search/records/_search', 'post', '/x?bucket=metadata&relatedType=hassources');
    const authenticated = realSample('es-search-response-alea-de-debordement.json');
    const anonymous = realSample('es-search-response-bdtopo-fcat.json');
    const search = (options = {}) =>
      client.call('POST', '/srv/api/search/records/_search?bucket=metadata&relatedType=hassources', {
        body: JSON.stringify({ query: { match_all: {} } }),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        ...options,
      });
    const mine = bodyJson(await search());
    expectResponseConforms('/search/records/_search', 'post', await search());
    expect(Object.keys(mine)).toEqual(Object.keys(authenticated));
    expect(Object.keys(mine.hits)).toEqual(Object.keys(authenticated.hits));
    expect(Object.keys(mine.hits.hits[0]).sort()).toEqual(Object.keys(authenticated.hits.hits[0]).sort());
    const asAnonymous = bodyJson(await search({ anonymous: true }));
    expect(Object.keys(asAnonymous.hits.hits[0]).sort()).toEqual(Object.keys(anonymous.hits.hits[0]).sort());

    const realSource = { ...anonymous.hits.hits[0]._source, ...authenticated.hits.hits[0]._source };
    for (const [key, value] of Object.entries(mine.hits.hits[0]._source as Record<string, unknown>)) {
      if (key === 'popularity') continue; // a number in one real sample, a string in the other
      if (key in realSource) expect(kind(value), `_source.${key}`).toBe(kind(realSource[key]));
    }
    for (const key of [
      'uuid',
      'metadataIdentifier',
      'id',
      'documentStandard',
      'isTemplate',
      'draft',
      'isPublishedToAll',
      'owner',
      'groupOwner',
      'resourceTitleObject',
      'changeDate',
      'createDate',
      'dateStamp',
      'indexingDate',
    ]) {
      expect(mine.hits.hits[0]._source, key).toHaveProperty(key);
    }
  });

  it('DELETE: parameters and 204', async () => {
    expectRequestConforms('/records/{metadataUuid}', 'delete', '/x?withBackup=false');
    const response = await client.call('DELETE', '/srv/api/records/contract-1?withBackup=false');
    expectResponseConforms('/records/{metadataUuid}', 'delete', response);
  });
});

/** A multipart/form-data body; a part with a filename is a file. */
function multipart(parts: Array<{ name: string; filename?: string; content: string }>): { body: Buffer; contentType: string } {
  const boundary = 'contract-boundary';
  const chunks = parts.map((part) => {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    return `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n\r\n${part.content}\r\n`;
  });
  return { body: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('multipart requests against the contract (twins/openapi.ts)', () => {
  const validator = contractFor('/geonetwork')!.validator;
  const check = (method: string, path: string, query: string, form: { body: Buffer; contentType: string }) =>
    validator.validateRequest({
      method,
      path: `/geonetwork/srv/api${path}`,
      query: new URLSearchParams(query),
      headers: { 'content-type': form.contentType },
      body: form.body,
    });
  const record = { name: 'file', filename: 'record.xml', content: iso19139('m', 'T') };

  it('POST /records: `file` is a file part of the form, and the form fields are checked as its parameters', () => {
    expect(check('POST', '/records', 'uuidProcessing=OVERWRITE', multipart([record, { name: 'group', content: '2' }]))).toEqual([]);
    expect(check('POST', '/records', '', multipart([{ name: 'file', content: 'not a file' }]))[0]).toMatch(/^multipart part file must be a file/);
    expect(check('POST', '/records', 'file=x.xml', multipart([record]))[0]).toMatch(/^query parameter file is a file: send it as a multipart file part/);
    expect(check('POST', '/records', '', multipart([record, { name: 'uuidProcessing', content: 'MERGE' }]))[0]).toMatch(
      /^query parameter uuidProcessing=MERGE is not one of GENERATEUUID, NOTHING, OVERWRITE, REMOVE_AND_REPLACE/,
    );
    expect(check('POST', '/records', '', multipart([{ name: 'metadata', filename: 'r.xml', content: 'x' }]))[0]).toMatch(
      /^multipart file part metadata is not a file parameter/,
    );
    expect(check('POST', '/records', '', { body: Buffer.from('--nope\r\n'), contentType: 'multipart/form-data; boundary=other' })[0]).toMatch(
      /^multipart body is malformed/,
    );
  });

  it('POST attachments: the body is checked against the spec multipart schema (a required `file`)', () => {
    expect(check('POST', '/records/m/attachments', 'visibility=private', multipart([{ name: 'file', filename: 'a.png', content: 'png' }]))).toEqual([]);
    expect(check('POST', '/records/m/attachments', '', multipart([{ name: 'visibility', content: 'public' }]))[0]).toMatch(
      /^request body must have required property 'file'/,
    );
    expect(check('POST', '/records/m/attachments', '', multipart([{ name: 'file', content: 'inline text' }]))[0]).toMatch(
      /^multipart part file must be a file/,
    );
    const json = { body: Buffer.from('{}'), contentType: 'application/json' };
    expect(check('POST', '/records/m/attachments', '', json)[0]).toMatch(/^Content-Type application\/json not accepted \(expected multipart\/form-data\)/);
  });
});

describe('contract of the MEF, JSON and attachment answers', () => {
  let client: TwinClient;

  beforeAll(async () => {
    client = new TwinClient(new GeoNetworkTwin());
    await client.handshake();
    await client.putRecord(iso19139('answers', 'Réponses'), 'uuidProcessing=OVERWRITE&group=2&publishToAll=true');
  });

  const post = (file: { name: string; filename: string; content: string }) => {
    const form = multipart([file]);
    return client.call('POST', '/srv/api/records', { body: form.body.toString('utf8'), headers: { 'content-type': form.contentType } });
  };

  it('POST /records answers a SimpleMetadataProcessingReport, with its errors as Reports (their unset uuid null)', async () => {
    const imported = await post({ name: 'file', filename: 'r.xml', content: iso19139('posted', 'T') });
    expect(imported.status).toBe(201);
    expectResponseConforms('/records', 'post', imported);
    const failed = await post({ name: 'file', filename: 'broken.zip', content: 'not a zip' });
    expect(failed.status).toBe(201);
    const validate = ajv.compile(resolve(operation('/records', 'post').responses['201']!.content!['application/json']!.schema!));
    validate(bodyJson(failed));
    expect((validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`)).toEqual([
      '/errors/0/uuid must be string',
      '/infos/0/uuid must be string',
    ]);
  });

  it('formatters/json answers an object; formatters/zip a MEF with no documented content', async () => {
    const query = 'addSchemaLocation=true&increasePopularity=false&withInfo=false&attachment=false&approved=true';
    expectRequestConforms('/records/{metadataUuid}/formatters/json', 'get', `/x?${query}`);
    expectResponseConforms('/records/{metadataUuid}/formatters/json', 'get', await client.call('GET', `/srv/api/records/answers/formatters/json?${query}`));
    expectRequestConforms('/records/{metadataUuid}/formatters/zip', 'get', '/x?format=full&withRelated=true&withXLinksResolved=true&withXLinkAttribute=false');
    expectResponseConforms('/records/{metadataUuid}/formatters/zip', 'get', await client.call('GET', '/srv/api/records/answers/formatters/zip?format=partial'));
  });

  it('a MetadataResource differs from the spec only where Jackson writes the enum name and @JsonFormat the day', async () => {
    const form = multipart([{ name: 'file', filename: 'a.png', content: 'png' }]);
    const upload = await client.call('POST', '/srv/api/records/answers/attachments', {
      body: form.body.toString('utf8'),
      headers: { 'content-type': form.contentType },
    });
    expect(upload.status).toBe(201);
    const listed = await client.call('GET', '/srv/api/records/answers/attachments', { headers: { accept: 'application/json' } });
    const schema = operation('/records/{metadataUuid}/attachments', 'get').responses['200']!.content!['application/json']!.schema!;
    const validate = ajv.compile({ ...resolve(schema), items: { $ref: 'gn#/components/schemas/MetadataResource' }, type: 'array' });
    validate(bodyJson(listed));
    const nullable = ['version', 'metadataResourceExternalManagementProperties'];
    expect(
      (validate.errors ?? [])
        .filter((error) => !(error.keyword === 'type' && nullable.some((field) => error.instancePath.endsWith(field))))
        .map((error) => `${error.instancePath} ${error.keyword}`),
    ).toEqual(['/0/visibility enum', '/0/lastModification format']);
  });
});

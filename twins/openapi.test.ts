import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecValidator, type SpecRequest } from './openapi.ts';
import { contractFor } from './contracts.ts';

function request(method: string, pathAndQuery: string, contentType?: string, body?: string): SpecRequest {
  const [p, q = ''] = pathAndQuery.split('?');
  return { method, path: p!, query: new URLSearchParams(q), headers: contentType ? { 'content-type': contentType } : {}, body };
}

describe('loadSpecValidator on small specs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'geoflux-openapi-'));
  writeFileSync(
    path.join(dir, 'shared.yaml'),
    `components:
  schemas:
    Thing:
      type: object
      required: [name]
      properties:
        name: { type: string }
        size: { type: integer, nullable: true }
`,
  );
  writeFileSync(
    path.join(dir, 'main.yaml'),
    `openapi: 3.0.0
info: { title: t, version: '1' }
paths:
  /things:
    post:
      parameters:
        - { name: mode, in: query, required: true, schema: { type: string, enum: [FAST, SAFE] } }
        - { name: count, in: query, schema: { type: integer } }
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "shared.yaml#/components/schemas/Thing" }
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: { $ref: "shared.yaml#/components/schemas/Thing" }
  /things/special:
    get:
      responses: { "200": { description: ok } }
  /things/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
      responses: { "200": { description: ok } }
  /layers/{ws}:{layer}:
    put:
      parameters:
        - { name: ws, in: path, required: true, schema: { type: string } }
        - { name: layer, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/xml: { schema: { type: string } }
      responses: { "200": { description: ok } }
`,
  );
  writeFileSync(
    path.join(dir, 'legacy.yaml'),
    `swagger: '2.0'
info: { title: l, version: '1' }
basePath: /api
paths:
  /old/{name}:
    put:
      consumes: [application/json, text/xml]
      parameters:
        - { name: name, in: path, required: true, type: string }
        - { name: recurse, in: query, type: boolean }
        - name: body
          in: body
          required: true
          schema: { $ref: '#/definitions/Old' }
      responses: { 200: { description: ok } }
definitions:
  Old:
    type: object
    properties:
      enabled: { type: boolean }
`,
  );
  const validator = loadSpecValidator([path.join(dir, 'main.yaml'), path.join(dir, 'legacy.yaml')], {
    serverBase: '/api',
    formatSuffixes: ['json'],
  });

  it('accepts a request that follows the spec, resolving refs to sibling files', () => {
    expect(validator.validateRequest(request('POST', '/api/things?mode=FAST&count=2', 'application/json', '{"name":"a","size":null}'))).toEqual([]);
  });

  it('reports enum, type, required parameter, body schema and content type violations', () => {
    const violations = validator.validateRequest(request('POST', '/api/things?mode=QUICK&count=two', 'application/json', '{"size":1}'));
    expect(violations.join('\n')).toMatch(/mode=QUICK is not one of FAST, SAFE/);
    expect(violations.join('\n')).toMatch(/count=two is not an integer/);
    expect(violations.join('\n')).toMatch(/must have required property 'name'/);
    expect(validator.validateRequest(request('POST', '/api/things', 'application/json', '{"name":"a"}'))).toEqual([
      expect.stringMatching(/^missing required query parameter mode/),
    ]);
    expect(validator.validateRequest(request('POST', '/api/things?mode=SAFE', 'text/plain', 'x'))[0]).toMatch(/Content-Type text\/plain not accepted/);
    expect(validator.validateRequest(request('POST', '/api/things?mode=SAFE', 'application/json', '{oops'))[0]).toMatch(/not valid JSON/);
    expect(validator.validateRequest(request('POST', '/api/things?mode=SAFE'))[0]).toMatch(/request body is required/);
  });

  it('checks a streamed body by its presence and media type, and never passes one a JSON schema it cannot read', () => {
    const streamed = (path: string, headers: Record<string, string>) => ({ ...request('PUT', path), headers, bodyStreamed: true });
    expect(validator.validateRequest(streamed('/api/layers/topp:roads', { 'content-type': 'application/xml', 'content-length': '9' }))).toEqual([]);
    expect(validator.validateRequest(streamed('/api/layers/topp:roads', { 'content-type': 'image/tiff', 'transfer-encoding': 'chunked' }))[0]).toMatch(
      /Content-Type image\/tiff not accepted/,
    );
    expect(validator.validateRequest(streamed('/api/old/x', { 'content-type': 'application/json', 'content-length': '2' }))[0]).toMatch(
      /a streamed request body cannot be checked against its JSON schema/,
    );
    expect(validator.validateRequest(streamed('/api/old/x', {}))[0]).toMatch(/request body is required/);
  });

  it('matches concrete paths before templates, and checks path parameter types', () => {
    expect(validator.match('GET', '/api/things/special')?.template).toBe('/things/special');
    expect(validator.match('GET', '/api/things/12')?.template).toBe('/things/{id}');
    expect(validator.validateRequest(request('GET', '/api/things/abc'))[0]).toMatch(/path parameter id=abc is not an integer/);
  });

  it('matches {ws}:{layer} templates and strips declared format suffixes', () => {
    expect(validator.validateRequest(request('PUT', '/api/layers/topp:roads.json', 'application/xml', '<layer/>'))).toEqual([]);
    expect(validator.match('PUT', '/api/layers/topp:roads')?.template).toBe('/layers/{ws}:{layer}');
  });

  it('reports unknown paths and wrong methods', () => {
    expect(validator.validateRequest(request('GET', '/api/nothing'))[0]).toMatch(/no operation for GET \/api\/nothing/);
    expect(validator.validateRequest(request('DELETE', '/api/things/special'))[0]).toMatch(/method DELETE not allowed .* GET/);
  });

  it('reads Swagger 2 documents: body parameter, consumes, query types', () => {
    expect(validator.validateRequest(request('PUT', '/api/old/x?recurse=true', 'text/xml', '<old/>'))).toEqual([]);
    const violations = validator.validateRequest(request('PUT', '/api/old/x?recurse=yes', 'application/json', '{"enabled":"no"}'));
    expect(violations.join('\n')).toMatch(/recurse=yes is not a boolean/);
    expect(violations.join('\n')).toMatch(/enabled must be boolean/);
  });

  it('validates responses: declared status, content type and JSON schema', () => {
    const ok = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' };
    expect(validator.validateResponse({ method: 'POST', path: '/api/things' }, ok)).toEqual([]);
    expect(validator.validateResponse({ method: 'POST', path: '/api/things' }, { ...ok, status: 200 })[0]).toMatch(/status 200 not declared/);
    expect(validator.validateResponse({ method: 'POST', path: '/api/things' }, { ...ok, body: '{"size":"big"}' }).join('\n')).toMatch(
      /required property 'name'/,
    );
  });

  it('hands response violations to allowResponseViolation with the offending value and its place', () => {
    const seen: unknown[] = [];
    const lenient = loadSpecValidator([path.join(dir, 'main.yaml')], {
      serverBase: '/api',
      allowResponseViolation: (violation) => {
        seen.push(violation);
        return violation.value === 'big';
      },
    });
    const response = (body: string) => ({ status: 201, headers: { 'content-type': 'application/json' }, body });
    expect(lenient.validateResponse({ method: 'POST', path: '/api/things' }, response('{"name":"a","size":"big"}'))).toEqual([]);
    expect(seen).toEqual([{ text: 'response body/size must be integer,null', keyword: 'type', instancePath: '/size', value: 'big' }]);
    expect(lenient.validateResponse({ method: 'POST', path: '/api/things' }, response('{"name":"a","size":"huge"}'))).toEqual([
      'response body/size must be integer,null',
    ]);
  });
});

describe('upstream contracts', () => {
  it('GeoNetwork: PUT /records takes XML with a known uuidProcessing', () => {
    const gn = contractFor('/geonetwork')!.validator;
    const base = '/geonetwork/srv/api/records?metadataType=METADATA&group=2';
    expect(gn.validateRequest(request('PUT', `${base}&uuidProcessing=OVERWRITE`, 'application/xml', '<gmd:MD_Metadata/>'))).toEqual([]);
    expect(gn.validateRequest(request('PUT', `${base}&uuidProcessing=UPSERT`, 'application/xml', '<x/>'))[0]).toMatch(/uuidProcessing=UPSERT is not one of/);
    expect(gn.validateRequest(request('PUT', `${base}&uuidProcessing=OVERWRITE`, 'application/json', '{}'))[0]).toMatch(
      /Content-Type application\/json not accepted/,
    );
  });

  it('GeoNetwork: the Elasticsearch _search body (a JSON object where the spec says string) is allowed', () => {
    const gn = contractFor('/geonetwork')!.validator;
    expect(gn.validateRequest(request('POST', '/geonetwork/srv/api/search/records/_search', 'application/json', '{"query":{"match_all":{}}}'))).toEqual([]);
  });

  it('GeoServer responses: the quirks FACTS A.1/A.2 document pass, other shapes do not', () => {
    const gs = contractFor('/geoserver')!.validator;
    const get = (route: string, body: unknown, status = 200, contentType = 'application/json') =>
      gs.validateResponse({ method: 'GET', path: `/geoserver/rest${route}` }, { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
    expect(get('/workspaces.json', { workspaces: '' })).toEqual([]);
    expect(get('/workspaces.json', { workspaces: 5 })).toEqual(['response body/workspaces must be object']);
    const featureType = '/workspaces/a/datastores/s/featuretypes/f.json';
    expect(get(featureType, { featureType: { keywords: { string: 'PLU' }, latLonBoundingBox: { crs: 'EPSG:4326' } } })).toEqual([]);
    expect(get(featureType, { featureType: { latLonBoundingBox: { crs: 4326 } } })).toEqual(['response body/featureType/latLonBoundingBox/crs must be object']);
    expect(get('/layers/a:b.json', 'No such layer: a:b', 404, 'text/plain')).toEqual([]);
    expect(get('/layers/a:b.json', { error: 'x' }, 404)[0]).toMatch(/status 404 not declared/);
    const created = (contentType: string) =>
      gs.validateResponse({ method: 'POST', path: '/geoserver/rest/namespaces' }, { status: 201, headers: { 'content-type': contentType }, body: 'a' });
    expect(created('text/plain')).toEqual([]);
    expect(created('image/png')[0]).toMatch(/Content-Type image\/png not declared/);
  });

  it('GeoNetwork responses: null where springdoc types a value passes, a wrong value does not', () => {
    const gn = contractFor('/geonetwork')!.validator;
    const groups = (body: unknown) =>
      gn.validateResponse(
        { method: 'GET', path: '/geonetwork/srv/api/groups' },
        { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
    expect(groups([{ id: 2, name: 'sample', logo: null, referrer: null, defaultCategory: null }])).toEqual([]);
    expect(groups([{ id: 2, logo: 5 }])).toEqual(['response body/0/logo must be string']);
  });

  it('GeoServer: community OpenAPI first, Swagger 2 fallback, suffixes and XML bodies', () => {
    const gs = contractFor('/geoserver')!.validator;
    expect(gs.validateRequest(request('GET', '/geoserver/rest/workspaces.json'))).toEqual([]);
    expect(gs.validateRequest(request('POST', '/geoserver/rest/workspaces', 'application/json', '{"workspace":{"name":"urbanisme"}}'))).toEqual([]);
    expect(gs.validateRequest(request('POST', '/geoserver/rest/workspaces', 'application/json', '{"workspace":{"name":5}}'))[0]).toMatch(/name must be string/);
    expect(gs.validateRequest(request('POST', '/geoserver/rest/workspaces', 'text/xml', '<workspace><name>a</name></workspace>'))).toEqual([]);
    expect(gs.validateRequest(request('PUT', '/geoserver/rest/workspaces/ws/styles/roads?raw=true', 'application/vnd.ogc.se+xml', '<x/>'))).toEqual([]);
    expect(gs.validateRequest(request('POST', '/geoserver/rest/layergroups', 'application/json', '{"layerGroup":{"name":"g"}}'))).toEqual([]);
    expect(gs.validateRequest(request('PATCH', '/geoserver/rest/workspaces/ws'))[0]).toMatch(/method PATCH not allowed/);
  });
});

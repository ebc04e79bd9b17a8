// The twin's JSON against GeoServer's OpenAPI 3 community specs (checked against a running server)
// and against the real response samples. Where spec and server disagree, the server wins:
// - nested collections with one element come back bare, not as 1-element arrays
//   (FACTS A.2 "Nested collections inside one object", XStreamPersisterFactory alwaysSerializeCollectionsAsArray=false),
//   so nested collections are normalised to arrays before validation;
// - an empty top-level list is "" (FACTS A.2 "Empty list: the QUIRK", CoverageControllerTest.testGetAllByWorkspaceJSON_no_coverages),
//   which no list schema allows, so it is asserted separately.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { GeoServerTwin } from './twin.ts';
import { call, json } from './testing.ts';
import { join } from 'node:path';
import { contractsDir } from '../contracts.ts';

const SPECS = join(contractsDir, 'geoserver/rest-openapi-community');
const SAMPLES = join(contractsDir, 'geoserver/samples');
const BASE_ID = 'https://contracts.geoflux.test/geoserver/';
const NESTED = new Set(['string', 'entry', 'metadataLink', 'style', 'attribute', 'published']);

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ['double', 'int32', 'int64', 'binary']) ajv.addFormat(format, true);
for (const file of ['catalog', 'catalogresponses', 'workspaces', 'datastores', 'featuretypes', 'layers', 'styles', 'namespaces']) {
  const doc = parse(readFileSync(`${SPECS}/${file}.yaml`, 'utf8'));
  ajv.addSchema({ $id: `${BASE_ID}${file}.yaml`, components: doc.components });
}

function schema(file: string, name: string): ValidateFunction {
  const validate = ajv.getSchema(`${BASE_ID}${file}.yaml#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${file}#${name}`);
  return validate;
}

/**
 * value | value[] → value[] for nested collections (server behaviour, see header), below the wrapper key.
 * A geographic CRS is a plain string on the wire, which CRSResponse's own description states while
 * its type says object: it is wrapped as {"$": crs} for validation.
 */
function normalised(value: unknown, key = '', depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => normalised(v, '', depth + 1));
  if (depth >= 2 && NESTED.has(key) && value !== null && value !== undefined) return [normalised(value, '', depth + 1)];
  if ((key === 'crs' || key === 'nativeCRS') && typeof value === 'string') return { $: value };
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v, k, depth + 1)]));
  }
  return value;
}

function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(normalised(body));
  expect(ok ? [] : validate.errors).toEqual([]);
}

/** Every key of the sample is in the actual response with the same JSON type, recursively. */
function expectSameShape(sample: any, actual: any, path = '$', setOnly: string[] = []): void {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(sample) === 'object') {
    expect(kind(actual), path).toBe('object');
    for (const key of Object.keys(sample)) {
      if (setOnly.includes(key)) continue;
      expect(actual, `${path} lacks ${key}`).toHaveProperty([key]);
      expectSameShape(sample[key], actual[key], `${path}.${key}`, setOnly);
    }
  } else if (kind(sample) === 'array') {
    const items = Array.isArray(actual) ? actual : [actual];
    expectSameShape(sample[0], items[0], `${path}[0]`, setOnly);
  } else {
    expect(kind(actual), path).toBe(kind(sample));
  }
}

const sample = (name: string) => JSON.parse(readFileSync(`${SAMPLES}/${name}`, 'utf8'));

describe('GeoServer twin: contract with the OpenAPI specs and real samples', () => {
  const twin = new GeoServerTwin();
  beforeAll(async () => {
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'topp' } } });
    await call(twin, 'POST', '/rest/workspaces', { body: { workspace: { name: 'sf' } } });
    await call(twin, 'POST', '/rest/workspaces/topp/datastores', {
      body: {
        dataStore: {
          name: 'taz_shapes',
          connectionParameters: {
            entry: [
              { '@key': 'dbtype', $: 'postgis' },
              { '@key': 'host', $: 'db' },
            ],
          },
        },
      },
    });
    const s = sample('rest-json-featuretype-get.json').featureType;
    await call(twin, 'POST', '/rest/workspaces/topp/datastores/taz_shapes/featuretypes', {
      body: {
        featureType: {
          name: s.name,
          nativeName: s.nativeName,
          title: s.title,
          abstract: s.abstract,
          description: s.description,
          keywords: s.keywords,
          metadataLinks: s.metadataLinks,
          dataLinks: s.dataLinks,
          srs: s.srs,
          metadata: s.metadata,
        },
      },
    });
    await call(twin, 'POST', '/rest/workspaces/sf/datastores', { body: { dataStore: { name: 'sf', connectionParameters: { entry: [] } } } });
    await call(twin, 'POST', '/rest/workspaces/sf/datastores/sf/featuretypes', { body: { featureType: { name: 'streams' } } });
    await call(twin, 'POST', '/rest/styles?name=simple_streams&raw=true', {
      body: readFileSync(`${SAMPLES}/sld10-Default.sld`),
      contentType: 'application/vnd.ogc.sld+xml',
    });
    await call(twin, 'PUT', '/rest/layers/sf:streams', {
      body: { layer: { path: '/', defaultStyle: { name: 'simple_streams' }, styles: { style: [{ name: 'line' }, { name: 'point' }] } } },
    });
  });

  it('workspaces and namespaces', async () => {
    expectValid(schema('workspaces', 'WorkspacesResponse'), json(await call(twin, 'GET', '/rest/workspaces.json')));
    const ws = json(await call(twin, 'GET', '/rest/workspaces/topp.json'));
    expectValid(schema('workspaces', 'WorkspaceSummary'), ws.workspace);
    expectValid(schema('namespaces', 'NamespacesResponse'), json(await call(twin, 'GET', '/rest/namespaces.json')));
    expectValid(schema('namespaces', 'NamespaceWrapper'), json(await call(twin, 'GET', '/rest/namespaces/topp.json')));
  });

  it('datastores', async () => {
    expectValid(schema('datastores', 'DataStoresListResponse'), json(await call(twin, 'GET', '/rest/workspaces/topp/datastores.json')));
    expectValid(schema('datastores', 'DataStoreWrapper'), json(await call(twin, 'GET', '/rest/workspaces/topp/datastores/taz_shapes.json')));
  });

  it('featuretypes, and the shape of the real featuretype sample', async () => {
    expectValid(schema('featuretypes', 'FeatureTypeList'), json(await call(twin, 'GET', '/rest/workspaces/topp/datastores/taz_shapes/featuretypes.json')));
    const ft = json(await call(twin, 'GET', '/rest/workspaces/topp/datastores/taz_shapes/featuretypes/tasmania_roads.json'));
    expectValid(schema('featuretypes', 'FeatureTypeResponseWrapper'), ft);
    // disabledServices, responseSRS and linearizationTolerance are written only once set on the feature type
    expectSameShape(sample('rest-json-featuretype-get.json'), ft, '$', ['disabledServices', 'responseSRS', 'linearizationTolerance']);
    expect((await call(twin, 'GET', '/rest/workspaces/sf/datastores/taz_shapes/featuretypes.json')).status).toBe(404);
  });

  it('layers, and the shape of the real layer sample', async () => {
    expectValid(schema('layers', 'Layers'), json(await call(twin, 'GET', '/rest/layers.json')));
    const layer = json(await call(twin, 'GET', '/rest/layers/sf:streams.json'));
    expectValid(schema('layers', 'LayerResponse'), layer);
    expectSameShape(sample('rest-json-layer-get.json'), layer);
    expect(layer.layer.resource.name).toBe('sf:streams');
  });

  it('styles, and the shape of the real style samples', async () => {
    const list = json(await call(twin, 'GET', '/rest/styles.json'));
    expectValid(schema('styles', 'StyleListWrapper'), list);
    expectSameShape(sample('rest-json-styles-list.json'), list);
    const style = json(await call(twin, 'GET', '/rest/styles/simple_streams.json'));
    expectValid(schema('styles', 'StyleInfoWrapper'), style);
    expectSameShape(sample('rest-json-style-get.json'), style);
  });

  it('empty lists are "" (server behaviour, not in the specs)', async () => {
    expect(json(await call(twin, 'GET', '/rest/workspaces/sf/styles.json'))).toEqual({ styles: '' });
    expect(json(await call(twin, 'GET', '/rest/layergroups.json'))).toEqual({ layerGroups: '' });
  });
});

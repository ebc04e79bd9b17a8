import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  coerceScalar,
  expandEnvReferences,
  overrideVariableName,
  platformVariableNames,
  renderPlatformVars,
  substituteVariables,
  type Env,
  type KeyPath,
} from './vars.ts';

function substitute(
  text: string,
  env: Env,
  extra: { overridePrefix?: KeyPath; overridableKeys?: KeyPath[]; types?: Record<string, ('integer' | 'string')[]> } = {},
) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const result = substituteVariables(doc, {
    file: 'geoflux.yaml',
    lineCounter,
    env,
    overridePrefix: extra.overridePrefix,
    overridableKeys: extra.overridableKeys,
    typeAt: (path) => extra.types?.[path.join('.')],
  });
  return { ...result, value: doc.toJS() };
}

describe('${NAME} references', () => {
  it('expands set variables and defaults, and lists unset ones', () => {
    expect(expandEnvReferences('${A}/x/${B:-dflt}/${C:-}', { A: 'a' })).toEqual({ text: 'a/x/dflt/', unset: [] });
    expect(expandEnvReferences('${A:-dflt}', { A: '' })).toEqual({ text: 'dflt', unset: [] });
    expect(expandEnvReferences('${MISSING} and ${ALSO}', {})).toEqual({ text: '${MISSING} and ${ALSO}', unset: ['MISSING', 'ALSO'] });
    expect(expandEnvReferences('no $reference {here}', {})).toEqual({ text: 'no $reference {here}', unset: [] });
  });

  it('reports an unset variable at file:line:col with the key path, and never keeps the literal', () => {
    const { unset, value } = substitute('platforms:\n  preprod:\n    geoserver:\n      password: ${GS_PASSWORD}\n', {});
    expect(unset).toEqual([
      {
        path: ['platforms', 'preprod', 'geoserver', 'password'],
        problem: {
          code: 'UnsetVariable',
          severity: 'error',
          message: 'platforms.preprod.geoserver.password: environment variable GS_PASSWORD is not set (use ${NAME:-default} for a default)',
          location: { file: 'geoflux.yaml', line: 4, col: 17 },
        },
      },
    ]);
    expect(value.platforms.preprod.geoserver.password).toBeNull();
  });

  it('substitutes inside sequences and leaves {{platform}} variables alone', () => {
    const { value } = substitute('hosts: ["${H}:5432", "{{DB_HOST}}"]\n', { H: 'db' });
    expect(value.hosts).toEqual(['db:5432', '{{DB_HOST}}']);
  });

  it('coerces substituted values to the type the schema expects', () => {
    const { value } = substitute('group: ${G}\nname: ${G}\n', { G: '2' }, { types: { group: ['integer', 'string'] } });
    expect(value).toEqual({ group: 2, name: '2' });
    expect(coerceScalar('true', ['boolean'])).toBe(true);
    expect(coerceScalar('x', ['integer'])).toBe('x');
  });
});

describe('GEOFLUX_ overrides', () => {
  it('names the variable from the key path', () => {
    expect(overrideVariableName(['platforms', 'preprod', 'geoserver', 'url'])).toBe('GEOFLUX_PLATFORMS_PREPROD_GEOSERVER_URL');
    expect(overrideVariableName(['flows', 'synthese-pne', 'source', 'url'])).toBe('GEOFLUX_FLOWS_SYNTHESE_PNE_SOURCE_URL');
  });

  it('wins over the file and over an unset ${VAR}, keeping the type of the replaced value', () => {
    const env = {
      GEOFLUX_PLATFORMS_PREPROD_GEOSERVER_URL: 'http://127.0.0.1:8080/geoserver',
      GEOFLUX_PLATFORMS_PREPROD_GEOSERVER_PASSWORD: 's3cret',
      GEOFLUX_PRUNE_MAXDELETIONS: '3',
    };
    const { unset, value } = substitute(
      'platforms:\n  preprod:\n    geoserver: { url: https://preprod.example.org, password: "${UNSET}" }\nprune: { maxDeletions: 10 }\n',
      env,
      { overridePrefix: [] },
    );
    expect(unset).toEqual([]);
    expect(value).toEqual({
      platforms: { preprod: { geoserver: { url: 'http://127.0.0.1:8080/geoserver', password: 's3cret' } } },
      prune: { maxDeletions: 3 },
    });
  });

  it('adds documented keys that the file does not write, for every platform', () => {
    const env = { GEOFLUX_PLATFORMS_PROD_GEONETWORK_GROUP: '7', GEOFLUX_FLOWS_SYNTHESE_PNE_DESTINATION_DATABASE: 'postgres://x' };
    const config = substitute('platforms:\n  preprod: {}\n  prod: { geonetwork: { url: https://gn } }\n', env, {
      overridePrefix: [],
      overridableKeys: [['platforms', '*', 'geonetwork', 'group']],
      types: { 'platforms.prod.geonetwork.group': ['integer', 'string'] },
    });
    expect(config.value.platforms).toEqual({ preprod: {}, prod: { geonetwork: { url: 'https://gn', group: 7 } } });
    const flow = substitute('source: { url: https://gn }\n', env, {
      overridePrefix: ['flows', 'synthese-pne'],
      overridableKeys: [['destination', 'database']],
    });
    expect(flow.value.destination).toEqual({ database: 'postgres://x' });
  });

  it('does nothing for files without an override prefix', () => {
    expect(substitute('title: a\n', { GEOFLUX_TITLE: 'b' }).value).toEqual({ title: 'a' });
  });
});

describe('{{NAME}} platform variables', () => {
  it('renders known names and built-ins, with an optional escape', () => {
    expect(
      renderPlatformVars('{{ geoserverUrl }}/wms?x={{DB_HOST}}', { geoserverUrl: 'https://gs', DB_HOST: 'a&b' }, { file: 'f' }, (v) =>
        v.replace(/&/g, '&amp;'),
      ),
    ).toBe('https://gs/wms?x=a&amp;b');
    expect(platformVariableNames('{{A}} {{B}} {{A}} ${C}')).toEqual(['A', 'B']);
  });

  it('refuses an unknown name with an UnsetVariable error at its line', () => {
    expect(() => renderPlatformVars('a\nb {{NOPE}}', {}, { file: 'metadata/x.xml' })).toThrow(
      expect.objectContaining({ code: 'UnsetVariable', message: 'unknown platform variable {{NOPE}}', location: { file: 'metadata/x.xml', line: 2 } }),
    );
  });
});

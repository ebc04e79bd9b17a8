import { describe, expect, it } from 'vitest';
import { fixtureReports } from '../../test/site/fixtures.ts';
import { reportParser } from './report-file.ts';

const parse = reportParser();
const [sample] = fixtureReports({ commits: 1, platforms: ['prod'] });

describe('report files', () => {
  it('accepts a report that follows the model', () => {
    expect(parse(JSON.stringify(sample), 'ok.json').id).toBe(sample!.id);
  });

  it('names the file and the line:column of a JSON syntax error', () => {
    expect(() => parse('{\n  "version": 1,\n  "id": oops\n}', 'reports/broken.json')).toThrow(/^reports\/broken\.json: 3:9: invalid JSON/);
  });

  it('names the file and the JSON path of a schema violation', () => {
    const bad = structuredClone(sample!);
    (bad.resources[4] as { action: string }).action = 'destroy';
    expect(() => parse(JSON.stringify(bad), 'reports/bad.json')).toThrow(
      'reports/bad.json: /resources/4/action: must be equal to one of the allowed values (create, update, delete, noop)',
    );
    const extra = { ...structuredClone(sample!), password: 'x' };
    expect(() => parse(JSON.stringify(extra), 'reports/extra.json')).toThrow('reports/extra.json: /: unexpected property "password"');
    const missing = structuredClone(sample!) as Partial<typeof sample>;
    delete missing!.summary;
    expect(() => parse(JSON.stringify(missing), 'm.json')).toThrow('m.json: /: missing property "summary"');
  });
});

describe('JSON error position', () => {
  it('points at truncated files and stray characters', () => {
    expect(() => parse('{"version": 1, "id": "x"', 't.json')).toThrow('t.json: 1:25: invalid JSON: unexpected end of file');
    expect(() => parse('{"a": [1, 2,]}', 'c.json')).toThrow('c.json: 1:13: invalid JSON: unexpected "]}"');
    expect(() => parse('{"a": "x"} extra', 'e.json')).toThrow('e.json: 1:12: invalid JSON');
  });
});

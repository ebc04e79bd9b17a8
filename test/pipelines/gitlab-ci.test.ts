// The GitLab CI template: valid against GitLab's own CI schema, and the same promises as the
// GitHub workflows — read-only plan on merge requests with the MR widget report, one apply per
// platform at a time, prod manual and protected at the same commit, scheduled drift/flows/pages.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { gitlabCiValidator } from './gitlab-schema.ts';
import { gitlabFile, readYaml, type Yaml } from './templates.ts';

const RESERVED = new Set(['workflow', 'stages', 'variables', 'default', 'include', 'image', 'services', 'cache', 'before_script', 'after_script']);
const doc = readYaml(gitlabFile);

/** The job as GitLab runs it: `extends` templates deep-merged (hashes merged, arrays replaced). */
function effective(name: string): Yaml {
  const job = doc[name] as Yaml;
  const parents = job.extends === undefined ? [] : Array.isArray(job.extends) ? job.extends : [job.extends];
  const merge = (base: Yaml, over: Yaml): Yaml => {
    const out: Yaml = { ...base };
    for (const [key, value] of Object.entries(over)) {
      out[key] =
        value && typeof value === 'object' && !Array.isArray(value) && base[key] && typeof base[key] === 'object' && !Array.isArray(base[key])
          ? merge(base[key], value)
          : value;
    }
    return out;
  };
  const inherited = parents.reduce((acc: Yaml, parent: string) => merge(acc, effective(parent)), {});
  const { extends: _extends, ...own } = job;
  return merge(inherited, own);
}

const jobNames = Object.keys(doc).filter((key) => !RESERVED.has(key) && !key.startsWith('.'));
const jobs = Object.fromEntries(jobNames.map((name) => [name, effective(name)]));
const scriptOf = (job: Yaml) => [...(job.before_script ?? []), ...(job.script ?? [])].join('\n');
const runsOnMergeRequests = (job: Yaml) => (job.rules ?? []).some((rule: Yaml) => /merge_request_event/.test(rule.if ?? ''));

describe('GitLab CI template', () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = gitlabCiValidator();
  });

  it("is valid against GitLab's CI schema", () => {
    const valid = validate(parse(readFileSync(gitlabFile, 'utf8')));
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a broken file', () => {
    const broken = structuredClone(doc);
    broken.plan.artifacts.reports.terraform = { file: 'plan.json' };
    broken.prod.rules[0].when = 'manualy';
    validate(broken);
    const where = (validate.errors ?? []).map((error) => error.instancePath);
    expect(where).toContain('/plan/artifacts/reports/terraform');
    expect(where).toContain('/prod/rules/0/when');
  });

  it('stages, needs and extends all refer to things that exist', () => {
    for (const [name, job] of Object.entries(jobs)) {
      expect(doc.stages, `${name} stage`).toContain(job.stage);
      for (const need of job.needs ?? []) expect(jobNames, `${name} needs`).toContain(typeof need === 'string' ? need : need.job);
      const parents = doc[name].extends === undefined ? [] : [doc[name].extends].flat();
      for (const parent of parents) expect(doc[parent], `${name} extends ${parent}`).toBeDefined();
    }
  });

  it('merge requests: validate + plan with read-only accounts, the terraform widget report, the markdown plan and the saved plan', () => {
    expect(doc.workflow.rules.some((rule: Yaml) => rule.if === '$CI_PIPELINE_SOURCE == "merge_request_event"')).toBe(true);
    const plan = jobs.plan!;
    expect(plan.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(plan.artifacts.reports.terraform).toBe('plan-widget.json');
    expect(plan.artifacts.paths).toEqual(['plan.md', 'plan.json']);
    expect(plan.script.join('\n')).toMatch(/geoflux plan --format gitlab --report plan-widget\.json/);
    expect(plan.script.join('\n')).toMatch(/geoflux plan --format markdown --report plan\.md --out plan\.json/);
    expect(scriptOf(jobs.validate!)).toMatch(/geoflux validate/);
    for (const [name, job] of Object.entries(jobs).filter(([, job]) => runsOnMergeRequests(job))) {
      expect(job.environment, name).toBeUndefined();
      expect(scriptOf(job), name).not.toMatch(/GEOFLUX_STATE_TOKEN|state push/);
      for (const [variable, value] of Object.entries<string>(job.variables ?? {})) {
        if (/USER|PASSWORD|TOKEN/.test(variable) && value !== '') expect(value, `${name} ${variable}`).toMatch(/^\$GEOFLUX_PLAN_/);
      }
    }
  });

  it('default branch: preprod reconciles, prod is manual and protected, public follows, all at the same commit, one apply per platform', () => {
    const expected: Record<string, RegExp> = {
      preprod: /geoflux reconcile --platform preprod\b/,
      prod: /geoflux apply --platform prod --commit "\$CI_COMMIT_SHA"/,
      public: /geoflux apply --platform public --commit "\$CI_COMMIT_SHA"/,
    };
    const groups = new Set<string>();
    for (const [platform, command] of Object.entries(expected)) {
      const job = jobs[platform]!;
      expect(job.environment.name).toBe(platform);
      expect(job.resource_group).toBe(`geoflux-apply-${platform}`);
      groups.add(job.resource_group);
      expect(job.rules.every((rule: Yaml) => rule.if.includes('$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'))).toBe(true);
      const script = job.script.join('\n');
      expect(script).toMatch(command);
      expect(script.indexOf('geoflux state pull')).toBeLessThan(script.search(command));
      expect(script.indexOf('geoflux state push')).toBeGreaterThan(script.search(command));
    }
    expect(groups.size).toBe(3);
    expect(jobs.prod!.rules[0]).toMatchObject({ when: 'manual', allow_failure: false });
    expect(jobs.prod!.needs).toContain('preprod');
    expect(jobs['prod-plan']!.script.join('\n')).toMatch(/geoflux plan --platform prod --commit "\$CI_COMMIT_SHA" .*--out plan-prod\.json/);
  });

  it('prod applies the plan its approvers read: prod-plan keeps it, prod needs that job and applies it, planning again when stale', () => {
    expect(jobs['prod-plan']!.artifacts.paths).toContain('plan-prod.json');
    expect(jobs.prod!.needs).toContain('prod-plan');
    expect(jobs.prod!.script.join('\n')).toMatch(/geoflux apply --platform prod --commit "\$CI_COMMIT_SHA" --plan plan-prod\.json --if-stale replan/);
  });

  it('each job holds the credentials of what it acts on only: none global, no empty placeholders', () => {
    const credential = /_(USER|PASSWORD|TOKEN)$/;
    expect(Object.keys(doc.variables).filter((name) => credential.test(name))).toEqual([]);
    for (const [name, job] of Object.entries(jobs)) {
      for (const [variable, value] of Object.entries<unknown>(job.variables ?? {})) expect(value, `${name} ${variable}`).not.toBe('');
    }
    const readOnly = Object.keys(doc['.read-only'].variables).filter((name) => credential.test(name));
    expect([...new Set(readOnly.map((name) => name.split('_')[0]))].sort()).toEqual(['PREPROD', 'PROD', 'PUBLIC', 'SIG']);
    for (const name of ['flows', 'preprod', 'prod', 'public', 'pages'])
      expect(
        Object.keys(jobs[name]!.variables ?? {}).filter((variable) => credential.test(variable)),
        name,
      ).toEqual([]);
    // The validate job has the platforms' read-only accounts, not the flows' secrets.
    expect(scriptOf(jobs.validate!)).toMatch(/geoflux validate --no-flows/);
  });

  it('the state token only reaches jobs that push the state, none of them on merge requests', () => {
    for (const [name, job] of Object.entries(jobs)) {
      if (scriptOf(job).includes('GEOFLUX_STATE_TOKEN')) {
        expect(scriptOf(job), name).toMatch(/geoflux state push/);
        expect(runsOnMergeRequests(job), name).toBe(false);
      }
    }
  });

  it('schedule: drift, due flows and the site on GitLab Pages', () => {
    const scheduled = Object.entries(jobs).filter(([, job]) => (job.rules ?? []).some((rule: Yaml) => /"schedule"/.test(rule.if ?? '')));
    expect(scheduled.map(([name]) => name).sort()).toEqual(['drift', 'flows', 'pages']);
    expect(scriptOf(jobs.drift!)).toMatch(/geoflux drift/);
    expect(scriptOf(jobs.drift!)).not.toMatch(/--heal/);
    expect(scriptOf(jobs.flows!)).toMatch(/geoflux flows run --due/);
    expect(jobs.pages!.artifacts.paths).toEqual(['public']);
    expect(scriptOf(jobs.pages!)).toMatch(/geoflux site build --out public/);
  });
});

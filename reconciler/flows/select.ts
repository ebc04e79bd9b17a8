// Loads the desired state for the flows commands and picks the flows asked for. Problems in other
// files (styles, records, platforms) do not stop data flows: validate and plan report those.
import type { DesiredState, Flow } from '../desired/model.ts';
import type { Problem } from '../core/problems.ts';
import { GeofluxError, formatLocation } from '../core/problems.ts';
import { loadDesiredState } from '../desired/load.ts';

export interface LoadedFlows {
  state: DesiredState;
  flows: Flow[];
  /** One line per problem found in a selected flow's file (or a missing name). */
  problems: string[];
}

const flowFile = (problem: Problem) => /^flows\/([^/]+)\.ya?ml$/.exec(problem.location.file.replace(/^.*?(flows\/)/, '$1'))?.[1];

export async function loadFlows(repo: string, path: string, names: string[] | undefined, env: Record<string, string | undefined>): Promise<LoadedFlows> {
  const { state, problems } = await loadDesiredState({ repo, path, commit: 'HEAD', env });
  const broken = new Map<string, string[]>();
  for (const problem of problems) {
    const name = problem.severity === 'error' ? flowFile(problem) : undefined;
    if (!name) continue;
    const where = formatLocation(problem.location);
    broken.set(name, [...(broken.get(name) ?? []), `${where ? `${where}: ` : ''}${problem.code}: ${problem.message}`]);
  }
  const wanted = names?.length ? names : [...new Set([...state.flows.map((f) => f.name), ...broken.keys()])];
  const lines: string[] = [];
  const flows: Flow[] = [];
  for (const name of wanted) {
    const flow = state.flows.find((candidate) => candidate.name === name);
    if (broken.has(name)) lines.push(...broken.get(name)!);
    else if (flow) flows.push(flow);
    else lines.push(`NoSuchFlow: no flow named "${name}" (flows/: ${state.flows.map((f) => f.name).join(', ') || 'none'})`);
  }
  if (!names?.length && state.flows.length === 0 && broken.size === 0) {
    throw new GeofluxError('NoSuchFlow', `no flows/*.yaml in ${repo}${path ? `/${path}` : ''}`);
  }
  return { state, flows, problems: lines };
}

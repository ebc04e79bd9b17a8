// Which unset ${VAR}s matter to a command: those of what it acts on. A plan of preprod needs
// preprod's platform entry and the resources preprod publishes, not prod's credentials nor the
// flows' token; a flow run needs its flow file only. Values never fall back to a literal: an unset
// variable out of scope leaves its key empty, and nothing outside the scope is read or sent.
import type { DesiredState, PlatformConfig } from './model.ts';
import type { Problem, SourceLocation } from '../core/problems.ts';
import type { LoadedRepository } from './load.ts';
import type { UnsetVariable } from './variables.ts';
import { selectForPlatform } from './selection.ts';

/** What a command acts on. */
export interface CommandScope {
  platforms: string[] | 'all';
  flows: string[] | 'all' | 'none';
}

/** `geoflux validate` without options: every variable of the repository. */
export const WHOLE_REPOSITORY: CommandScope = { platforms: 'all', flows: 'all' };

/** "kind key" of every resource a platform publishes (kinds and keys as in ResourceKey). */
export function publishedResourceKeys(state: DesiredState, platform: PlatformConfig): Set<string> {
  const selection = selectForPlatform(state, platform);
  return new Set([
    ...selection.workspaces.map((workspace) => `workspace ${workspace.name}`),
    ...selection.stores.map((store) => `store ${store.workspace}/${store.name}`),
    ...selection.layers.map((layer) => `layer ${layer.workspace}:${layer.name}`),
    ...selection.layerGroups.map((group) => `layergroup ${group.name}`),
    ...selection.styles.map((style) => `style ${style.name}`),
    ...selection.records.map((record) => `record ${record.uuid}`),
  ]);
}

function publishedOnAny(state: DesiredState, names: string[]): Set<string> {
  const platforms = state.config.platforms.filter((platform) => names.includes(platform.name));
  return new Set(platforms.flatMap((platform) => [...publishedResourceKeys(state, platform)]));
}

/** The unset variables a command acting on `scope` needs: each is an error, exactly as validate reports it. */
export function unsetVariablesInScope(loaded: Pick<LoadedRepository, 'state' | 'unset'>, scope: CommandScope): UnsetVariable[] {
  let published: Set<string> | undefined;
  return loaded.unset.filter(({ owner }) => {
    switch (owner.kind) {
      case 'platform':
        return scope.platforms === 'all' || scope.platforms.includes(owner.platform);
      case 'flow':
        return scope.flows === 'all' || (scope.flows !== 'none' && scope.flows.includes(owner.flow));
      case 'shared':
        return scope.platforms === 'all' || scope.platforms.length > 0;
      case 'resource': {
        if (scope.platforms === 'all') return true;
        if (owner.selector) return scope.platforms.length > 0;
        published ??= publishedOnAny(loaded.state, scope.platforms);
        return published.has(`${owner.resource.kind} ${owner.resource.key}`);
      }
    }
  });
}

const at = (location: SourceLocation) => `${location.file}:${location.line ?? 0}:${location.col ?? 0}`;

/**
 * The problems that matter to a command acting on `scope`: unset variables out of scope are left
 * out, and so are the other problems written at an unset variable's very position (an empty
 * `store:` is reported as unset, not again as a missing store).
 */
export function problemsInScope(problems: Problem[], loaded: Pick<LoadedRepository, 'state' | 'unset'>, scope: CommandScope): Problem[] {
  if (loaded.unset.length === 0) return problems;
  const kept = new Set(unsetVariablesInScope(loaded, scope).map((variable) => variable.problem));
  const unset = new Set(loaded.unset.map((variable) => variable.problem));
  const unsetPositions = new Set(loaded.unset.map((variable) => at(variable.problem.location)));
  return problems.filter((problem) => {
    if (unset.has(problem)) return kept.has(problem);
    return !unsetPositions.has(at(problem.location));
  });
}

// The library: what the CLI does, as functions that return data instead of printing
// (docs/library.md). Each takes the CLI's options under their camelCase names; the CLI is a thin
// layer over these same functions. Rendering is the caller's: renderText, renderMarkdown.
import { applyOptions, applyPlatforms, type ApplyInput } from './commands/apply.ts';
import { driftOptions, driftPlatforms, type DriftInput } from './commands/drift.ts';
import { planOptions, planPlatforms, type PlanInput, type PlanResult } from './commands/plan.ts';
import { reconcileOptions, reconcilePlatforms, type ReconcileInput } from './commands/reconcile.ts';
import type { CommandResult } from './commands/shared.ts';

export { GeofluxError, formatLocation, type Problem, type SourceLocation } from './core/problems.ts';
export type { DesiredState, PlatformConfig, Flow } from './desired/model.ts';
export type { Report, FlowRunSummary } from './report/model.ts';
export type { SavedPlan } from './engine/saved-plan.ts';
export { renderText } from './report/text.ts';
export { renderMarkdown } from './report/markdown.ts';
export { loadDesiredState } from './resources/desired.ts';
export { validateDesiredState as validate, type ValidateCommandOptions as ValidateInput, type ValidationResult } from './commands/validate.ts';
export { importDesiredState, type ImportInput, type ImportOutcome } from './commands/import.ts';
export { runFlows, type FlowsRunOptions as RunFlowsInput, type FlowsRunResult } from './commands/flows-run.ts';
export { ingestFolder, IngestRefused, type IngestOptions as IngestInput, type IngestResult } from './adopt/ingest/index.ts';
export { buildSiteOf as buildSite, type SiteBuildCommandOptions as BuildSiteInput } from './commands/site-build.ts';
export { kinds } from './resources/registry.ts';
export type { ApplyInput, CommandResult, DriftInput, PlanInput, PlanResult, ReconcileInput };
export { geofluxVersion as version } from './paths.ts';

/** Progress lines (stderr) only when asked for with `quiet: false`: a library prints nothing by default. */
const quietByDefault = <Input extends { quiet?: boolean }>(input: Input): Input => ({ quiet: true, ...input });

/** What apply would change on each platform; with `out`, also saves the plan for `apply({ plan })`. Exit code: 0 none, 2 pending, 1 error. */
export async function plan(input: PlanInput = {}): Promise<PlanResult> {
  return planPlatforms(planOptions(quietByDefault(input)));
}

/** Applies a commit (default HEAD), or exactly a saved plan (`plan`), refusing or re-planning a stale one (`ifStale`). */
export async function apply(input: ApplyInput = {}): Promise<CommandResult> {
  return applyPlatforms(applyOptions(quietByDefault(input)));
}

/** Applies each commit since the last one applied, in order, one report per commit and platform. */
export async function reconcile(input: ReconcileInput = {}): Promise<CommandResult> {
  return reconcilePlatforms(reconcileOptions(quietByDefault(input)));
}

/** What changed on the platforms since the last apply; with `heal`, puts it back. Exit code: 0 none, 2 drift, 1 error. */
export async function drift(input: DriftInput = {}): Promise<CommandResult> {
  return driftPlatforms(driftOptions(quietByDefault(input)));
}

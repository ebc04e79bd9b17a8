// GitHub's own workflow parser (@actions/workflow-parser, the one behind the Actions language
// service). Its modules import their JSON schema without an import attribute, which Node 20's
// loader refuses; a loader hook adds `type: 'json'` for that package's JSON files only.
import { register } from 'node:module';

const hook = `export async function load(url, context, nextLoad) {
  const json = url.endsWith('.json') && url.includes('/@actions/workflow-parser/');
  return nextLoad(url, json ? { ...context, importAttributes: { type: 'json' } } : context);
}`;

let registered = false;

/** Errors GitHub would report for this workflow file (empty when it is valid). */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(hook)}`);
    registered = true;
  }
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length > 0 || !parsed.value) return errors;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [
    ...new Set([...errors, ...(template.errors ?? []).map((error) => error.Message), ...parsed.context.errors.getErrors().map((error) => error.message)]),
  ];
}

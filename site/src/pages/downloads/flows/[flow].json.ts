// downloads/flows/<flow>.json: the flow's state and latest run.
import type { APIRoute, GetStaticPaths } from 'astro';
import type { FlowView } from '../../../../../reconciler/site/dashboard.ts';
import { flowSummary } from '../../../../../reconciler/site/downloads.ts';
import { pathSegment } from '../../../../../reconciler/site/paths.ts';
import { getDashboard } from '../../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.flows.map((flow) => ({ params: { flow: pathSegment(flow.name) }, props: { flow } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(`${JSON.stringify(flowSummary(props.flow as FlowView, await getDashboard()), null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });

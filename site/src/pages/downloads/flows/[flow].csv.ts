// downloads/flows/<flow>.csv: one line per run, oldest first.
import type { APIRoute, GetStaticPaths } from 'astro';
import type { FlowView } from '../../../../../reconciler/site/dashboard.ts';
import { flowRunsCsv } from '../../../../../reconciler/site/downloads.ts';
import { pathSegment } from '../../../../../reconciler/site/paths.ts';
import { getDashboard } from '../../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.flows.map((flow) => ({ params: { flow: pathSegment(flow.name) }, props: { flow } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(flowRunsCsv(props.flow as FlowView), { headers: { 'Content-Type': 'text/csv' } });

// badges/flows/<flow>.svg: the flow's latest run state, shields-like, for a README.
import type { APIRoute, GetStaticPaths } from 'astro';
import { badgeSvg } from '../../../../../reconciler/site/badge.ts';
import type { FlowView } from '../../../../../reconciler/site/dashboard.ts';
import { messages } from '../../../../../reconciler/site/i18n.ts';
import { pathSegment } from '../../../../../reconciler/site/paths.ts';
import { FLOW_COLOURS } from '../../../../../reconciler/site/status.ts';
import { getDashboard } from '../../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.flows.map((flow) => ({ params: { flow: pathSegment(flow.name) }, props: { flow } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const flow = props.flow as FlowView;
  const t = messages((await getDashboard()).settings.language);
  return new Response(badgeSvg(flow.name, t.flowStatus[flow.state], FLOW_COLOURS[flow.state]), { headers: { 'Content-Type': 'image/svg+xml' } });
};

// downloads/<platform>.json: status, last commit applied, counts, lists that differ.
import type { APIRoute, GetStaticPaths } from 'astro';
import type { PlatformView } from '../../../../reconciler/site/dashboard.ts';
import { platformSummary } from '../../../../reconciler/site/downloads.ts';
import { pathSegment } from '../../../../reconciler/site/paths.ts';
import { getDashboard } from '../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.platforms.map((platform) => ({ params: { platform: pathSegment(platform.name) }, props: { platform } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(`${JSON.stringify(platformSummary(props.platform as PlatformView, await getDashboard()), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json' },
  });

// downloads/<platform>.csv: one line per report of the platform, oldest first.
import type { APIRoute, GetStaticPaths } from 'astro';
import type { PlatformView } from '../../../../reconciler/site/dashboard.ts';
import { platformHistoryCsv } from '../../../../reconciler/site/downloads.ts';
import { pathSegment } from '../../../../reconciler/site/paths.ts';
import { getDashboard } from '../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.platforms.map((platform) => ({ params: { platform: pathSegment(platform.name) }, props: { platform } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(platformHistoryCsv(props.platform as PlatformView), { headers: { 'Content-Type': 'text/csv' } });

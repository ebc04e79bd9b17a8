// badges/<platform>.svg: the platform's status, shields-like, for a README.
import type { APIRoute, GetStaticPaths } from 'astro';
import { badgeSvg } from '../../../../reconciler/site/badge.ts';
import type { PlatformView } from '../../../../reconciler/site/dashboard.ts';
import { messages } from '../../../../reconciler/site/i18n.ts';
import { pathSegment } from '../../../../reconciler/site/paths.ts';
import { STATUS_COLOURS } from '../../../../reconciler/site/status.ts';
import { getDashboard } from '../../lib/dashboard.ts';

export const getStaticPaths = (async () => {
  const dashboard = await getDashboard();
  return dashboard.platforms.map((platform) => ({ params: { platform: pathSegment(platform.name) }, props: { platform } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const platform = props.platform as PlatformView;
  const t = messages((await getDashboard()).settings.language);
  return new Response(badgeSvg(platform.name, t.status[platform.status], STATUS_COLOURS[platform.status]), { headers: { 'Content-Type': 'image/svg+xml' } });
};

// Marks the folder as a geoflux site: `geoflux site build` only ever empties such a folder.
import type { APIRoute } from 'astro';
import { getDashboard } from '../lib/dashboard.ts';

export const GET: APIRoute = async () => {
  const dashboard = await getDashboard();
  const body = {
    generator: 'geoflux',
    generatedAt: dashboard.settings.now,
    language: dashboard.settings.language,
    reports: dashboard.reportCount,
    resourcePages: dashboard.resources.length,
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'Content-Type': 'application/json' } });
};

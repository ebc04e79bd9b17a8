// The view-model, computed once per build and shared by every page.
import { getCollection } from 'astro:content';
import { buildDashboard, type Dashboard } from '../../../reconciler/site/dashboard.ts';
import { byStarted, type ReportDigest } from '../../../reconciler/site/digest.ts';
import { messages, type Messages } from '../../../reconciler/site/i18n.ts';
import { settingsFromEnv } from '../../../reconciler/site/settings.ts';

let dashboard: Promise<Dashboard> | undefined;

export function getDashboard(): Promise<Dashboard> {
  dashboard ??= getCollection('reports').then((entries) =>
    buildDashboard(entries.map((entry) => entry.data as unknown as ReportDigest).sort(byStarted), settingsFromEnv(process.env)),
  );
  return dashboard;
}

export async function getMessages(): Promise<Messages> {
  return messages((await getDashboard()).settings.language);
}

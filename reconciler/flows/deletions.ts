// Deletions from GeoNature's /api/synthese/log (last_action=D): the log covers the whole synthese,
// so ids this flow never held delete nothing. Applied page by page, a batch per page.
import type { GeoNatureClient } from '../clients/geonature.ts';
import type { FlowTarget } from './target.ts';

const LOG_PAGE_SIZE = 1000;

export async function applyDeletionLog(client: GeoNatureClient, target: FlowTarget, since: string): Promise<number> {
  const sinceIso = since.replace(' ', 'T');
  let deleted = 0;
  for (let page = 1; ; page++) {
    const result = await client.deletionLogPage(sinceIso, page, LOG_PAGE_SIZE);
    if (result.ids.length > 0) deleted += await target.deleteIds(result.ids);
    if (result.ids.length < LOG_PAGE_SIZE || page * LOG_PAGE_SIZE >= result.total) return deleted;
  }
}

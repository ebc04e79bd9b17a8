// A flow as the console shows it (reports, site): who, from where, to where, when, alerts to whom.
// Nothing secret: URLs lose their credentials and query, the webhook shows only its origin.
import type { Flow } from '../desired/model.ts';
import type { FlowInfo } from '../report/model.ts';

/** The URL without user, password, query and fragment (what may be printed or published). */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'an unparsable URL';
  }
}

function origin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function destinationDescription(flow: Flow): string {
  const database = flow.destination.database ? withoutCredentials(flow.destination.database) : 'embedded PGlite';
  return flow.destination.type === 'geonature'
    ? `GeoNature ${database}: gn_synthese.synthese, source "${flow.destination.sourceName}"`
    : `${database}: ${flow.destination.schema}.${flow.destination.table}`;
}

export function flowInfo(flow: Flow): FlowInfo {
  const info: FlowInfo = {
    source: { url: withoutCredentials(flow.source.url), export: flow.source.export },
    destination: { type: flow.destination.type, description: destinationDescription(flow) },
    alerts: {},
  };
  if (flow.partner) info.partner = { ...flow.partner };
  if (flow.schedule) info.schedule = { ...flow.schedule };
  if (flow.alerts?.staleAfter) info.alerts.staleAfter = flow.alerts.staleAfter;
  const webhook = flow.alerts?.webhook ? origin(flow.alerts.webhook) : undefined;
  if (webhook) info.alerts.webhook = webhook;
  return info;
}

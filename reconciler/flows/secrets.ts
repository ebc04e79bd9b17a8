import type { Flow } from '../desired/model.ts';

/** The secret values a flow carries: token, password, database password. */
export function flowSecrets(flow: Flow): string[] {
  const secrets = [flow.source.token, flow.source.password];
  if (flow.destination.database) {
    try {
      secrets.push(decodeURIComponent(new URL(flow.destination.database).password));
    } catch {
      // An unparsable URL fails later with its own message.
    }
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 3);
}

/** Replaces every secret in a message with ***, so errors can go to logs, reports and webhooks. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

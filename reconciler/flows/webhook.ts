// Alert webhook: one JSON POST per flow in trouble. The URL may hold a token, so messages name
// only its origin.
import { request } from 'undici';

export interface AlertPayload {
  flow: string;
  status: string;
  error?: string;
  lastSuccess?: string;
  alerts: string[];
}

/** Posts the alert; resolves to an error line (never throws), undefined when delivered. */
export async function postAlert(webhook: string, payload: AlertPayload, timeoutMs = 10_000): Promise<string | undefined> {
  let origin = 'the webhook';
  try {
    origin = new URL(webhook).origin;
    const response = await request(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
    if (response.statusCode >= 300) return `flow "${payload.flow}": alert webhook at ${origin} answered ${response.statusCode}`;
    return undefined;
  } catch (error) {
    return `flow "${payload.flow}": alert webhook at ${origin} failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

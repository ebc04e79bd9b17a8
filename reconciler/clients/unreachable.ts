// A request that never got an answer (connection refused, unknown host, timeout, reset): the server
// is down or its URL is wrong. Told apart from a server that answered with an error status, so the
// CLI can say what to check instead of reporting an empty plan or a bug.
import { HttpError } from './http.ts';

export interface Unreachable {
  /** The request that failed, without credentials. */
  method: string;
  url: string;
  /** What happened, in words: "connection refused", "unknown host", … */
  reason: string;
  refused: boolean;
}

const REASONS: [RegExp, string][] = [
  [/^ECONNREFUSED\b/, 'connection refused'],
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME)\b/, 'unknown host'],
  [/^(timeout|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)\b/, 'no answer in time'],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)\b/, 'connection closed by the other side'],
  [/^(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN)\b/, 'host unreachable'],
];

/** The unanswered request behind an error (or its causes), if that is what it is. */
export function unreachable(error: unknown): Unreachable | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof HttpError && current.status === undefined) {
      const known = REASONS.find(([pattern]) => pattern.test(current.excerpt));
      return { method: current.method, url: current.url, reason: known ? known[1] : current.excerpt, refused: known?.[1] === 'connection refused' };
    }
  }
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for a URL on this machine: then "nothing listens there" is the likely story. */
export function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

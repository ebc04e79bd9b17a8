// Secrets (passwords, tokens, Authorization headers, URL credentials) must never reach logs,
// reports or error messages: every text that leaves a client goes through redact().

const MASK = '***';

/** Secrets shorter than this are not masked by value: masking "a" would shred every message. */
const MIN_SECRET_LENGTH = 3;

export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text
    .replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/gi, `$1 ${MASK}`)
    .replace(/(\/\/)[^/@\s:]*:[^/@\s]*@/g, `$1${MASK}@`)
    .replace(/((?:password|passwd|token|api-key|secret)["']?\s*[:=]\s*["']?)[^"'&\s,}<]+/gi, `$1${MASK}`);
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(MASK);
  }
  return out;
}

/** A URL as text without its user:password part (and without a secret-bearing query value). */
export function urlWithoutCredentials(url: string | URL): string {
  const parsed = new URL(url.toString());
  parsed.username = '';
  parsed.password = '';
  return redact(parsed.toString());
}

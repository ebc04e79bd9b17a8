// GeoNetwork's Spring Security chain as seen on the wire (FACTS B.1,
// gn:web/.../config-security-core.xml): csrfFilter runs before basicAuthenticationFilter.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { TwinRequest } from '../types.ts';

export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';
export const BASIC_REALM = 'Geonetwork';

export interface Credentials {
  user: string;
  password: string;
}

export type Caller = { kind: 'anonymous' } | { kind: 'admin'; user: string } | { kind: 'rejected' };

export function cookies(req: TwinRequest): Map<string, string> {
  const jar = new Map<string, string>();
  const raw = req.headers.cookie;
  for (const header of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  return jar;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'TRACE', 'OPTIONS']);
/** GeonetworkCsrfSecurityRequestMatcher's exemptions, for the default portal "srv". */
const CSRF_EXEMPT = [/^\/srv\/api\/search\//, /^\/srv\/api\/site$/, /^\/srv\/api\/records\/[^/]+\/popularity$/];

export interface CsrfOutcome {
  /** Set-Cookie for a request that came without the cookie (eager token of Spring Security 5.8). */
  setCookie?: string;
  allowed: boolean;
}

export function checkCsrf(req: TwinRequest, cookiePath: string): CsrfOutcome {
  const token = cookies(req).get(XSRF_COOKIE);
  const setCookie = token ? undefined : `${XSRF_COOKIE}=${randomUUID()}; Path=${cookiePath}`;
  if (SAFE_METHODS.has(req.method.toUpperCase()) || CSRF_EXEMPT.some((pattern) => pattern.test(req.path))) return { setCookie, allowed: true };
  const header = req.headers[XSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  // The repository only reads the cookie back, so any non-empty value echoed in the header passes.
  return { setCookie, allowed: Boolean(token) && sent === token };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(req: TwinRequest, admin: Credentials): Caller {
  const header = req.headers.authorization;
  if (!header) return { kind: 'anonymous' };
  const match = /^Basic\s+(.+)$/i.exec(header);
  // BasicAuthenticationFilter ignores other schemes: the request goes on as anonymous.
  if (!match) return { kind: 'anonymous' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'rejected' };
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return sameSecret(user, admin.user) && sameSecret(password, admin.password) ? { kind: 'admin', user } : { kind: 'rejected' };
}

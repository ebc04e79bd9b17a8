// Response shapes GeoNetwork uses: ApiError JSON from GlobalExceptionController, and the
// servlet container's error page for what Spring Security refuses before any controller runs.
import type { TwinRequest, TwinResponse } from '../types.ts';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): TwinResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export function noContent(): TwinResponse {
  return { status: 204 };
}

/**
 * ApiError {code, message, description}. `message` is the exception class and `description`
 * its message, except for NotAllowedException where GeoNetwork puts the text in both
 * (gn:services/.../api/GlobalExceptionController.java).
 */
export function apiError(status: number, code: string, message: string, description: string): TwinResponse {
  return json(status, { code, message, description });
}

/**
 * Handlers guarded by contentTypeNeedsBody() answer an empty body unless the client accepts
 * JSON or XML (GlobalExceptionController): not-found and forbidden errors.
 */
export function apiErrorIfAccepted(req: TwinRequest, status: number, code: string, message: string, description: string): TwinResponse {
  const accept = String(req.headers.accept ?? '');
  if (!/application\/(json|xml|xhtml\+xml)/.test(accept)) return { status };
  return apiError(status, code, message, description);
}

/** Spring MVC exceptions end in the catch-all handler: 400 runtime_exception. */
export function runtimeException(exception: string, description: string): TwinResponse {
  return apiError(400, 'runtime_exception', exception, description);
}

export function unsatisfiedParameter(description: string): TwinResponse {
  return apiError(400, 'unsatisfied_request_parameter', 'IllegalArgumentException', description);
}

export function notFound(uuid: string, req: TwinRequest): TwinResponse {
  return apiErrorIfAccepted(req, 404, 'resource_not_found', 'ResourceNotFoundException', `Metadata record with UUID '${uuid}' not found.`);
}

export function notAllowed(req: TwinRequest, text: string): TwinResponse {
  return apiErrorIfAccepted(req, 403, 'forbidden', text, text);
}

/** @PreAuthorize refusals (AccessDeniedException) for a user without the needed profile. */
export function accessDenied(req: TwinRequest): TwinResponse {
  return apiErrorIfAccepted(req, 403, 'forbidden', 'Forbidden', 'Access is denied');
}

/**
 * HttpServletResponse.sendError() as rendered by Jetty, GeoNetwork's bundled container: what
 * Spring Security's CsrfFilter (403) and BasicAuthenticationEntryPoint (401) answer. [inferred]
 */
export function containerError(req: TwinRequest, status: number, reason: string, headers: Record<string, string> = {}): TwinResponse {
  const uri = req.url.pathname;
  const body =
    `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error ${status} ${reason}</title>\n</head>\n` +
    `<body><h2>HTTP ERROR ${status} ${reason}</h2>\n<table>\n<tr><th>URI:</th><td>${uri.replace(/[<>&"]/g, '')}</td></tr>\n` +
    `<tr><th>STATUS:</th><td>${status}</td></tr>\n<tr><th>MESSAGE:</th><td>${reason}</td></tr>\n<tr><th>SERVLET:</th><td>-</td></tr>\n</table>\n\n</body>\n</html>\n`;
  return { status, headers: { 'content-type': 'text/html;charset=iso-8859-1', ...headers }, body };
}

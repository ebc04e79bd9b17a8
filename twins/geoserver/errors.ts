// GeoServer's RestControllerAdvice: every error is text/plain carrying only the message.
// RestException(status) keeps its status, ResourceNotFoundException is 404, anything else 500.

export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RestError';
  }
}

export const notFound = (message: string) => new RestError(404, message);
export const forbidden = (message: string) => new RestError(403, message);
export const conflict = (message: string) => new RestError(409, message);
export const badRequest = (message: string) => new RestError(400, message);
/** Catalog validation failures and IllegalArgumentExceptions surface as 500. */
export const serverError = (message: string) => new RestError(500, message);

// Elasticsearch's error answer, which GeoNetwork's proxy relays with its status.

export class SearchError extends Error {
  constructor(
    readonly type: string,
    reason: string,
    readonly status = 400,
  ) {
    super(reason);
    this.name = 'SearchError';
  }

  body(): Record<string, unknown> {
    const cause = { type: this.type, reason: this.message };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

/** The query DSL holds something ES would refuse to parse. */
export function parsingError(reason: string): SearchError {
  return new SearchError('parsing_exception', reason);
}

/** Something ES accepts but this twin does not evaluate: refused rather than answered wrongly. */
export function notEmulated(what: string): SearchError {
  return new SearchError('parsing_exception', `[${what}] is not supported by the GeoNetwork twin`);
}

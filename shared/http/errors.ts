/**
 * Errors a function raises on purpose, each with the HTTP status it maps to. Anything else a
 * handler throws is a real fault and becomes a 500.
 */

/** One problem with a request: where it is and what is wrong. */
export interface Problem {
  /** Index of the event in a batch, when the request carries several. */
  index?: number;
  /** Dotted path of the field (`usage.prompt_tokens`), or the parameter's name. */
  field: string;
  message: string;
}

/** An error with an HTTP status and, for 400s, every problem found. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** 400 listing every problem. */
export function badRequest(message: string, problems: Problem[] = []): HttpError {
  return new HttpError(400, message, problems);
}

/** 401: missing or wrong credentials. */
export function unauthorized(message = "Missing or invalid credentials"): HttpError {
  return new HttpError(401, message, [], { "www-authenticate": 'Bearer realm="tokenwatch"' });
}

/** 405 with the methods the endpoint does accept. */
export function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError(405, `Method not allowed; use ${allowed.join(" or ")}`, [], {
    allow: allowed.join(", "),
  });
}

/** 413: body larger than the documented limit. */
export function payloadTooLarge(message: string): HttpError {
  return new HttpError(413, message);
}

/** 415: a content type the endpoint does not read. */
export function unsupportedMediaType(message: string): HttpError {
  return new HttpError(415, message);
}

/** 403: the request is understood and authenticated or not, but refused (e.g. sent from another site). */
export function forbidden(message: string): HttpError {
  return new HttpError(403, message);
}

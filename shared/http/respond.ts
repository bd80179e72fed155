/**
 * The one place that turns a handler's outcome into a Response: JSON bodies, and errors mapped
 * to statuses (HttpError → its status with every problem named; anything else → 500 with no
 * internals leaked).
 */
import { HttpError } from "./errors.ts";

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

/** Maps a thrown value to a Response. */
export function errorResponse(error: unknown): Response {
  if (error instanceof HttpError) {
    const body: Record<string, unknown> = { error: error.message };
    if (error.problems.length > 0) body.problems = error.problems;
    return jsonResponse(body, error.status, error.headers);
  }
  console.error(error);
  return jsonResponse({ error: "Internal error" }, 500);
}

/** Wraps a handler so that every thrown error becomes the right Response. */
export function withErrors(
  handler: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

import createClient, { type Middleware } from "openapi-fetch";
import { withCsrf } from "./csrf";
import { ApiError, apiErrorFromResponse, networkError } from "./problem";
import type { paths } from "./schema";

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when an authenticated request answers 401, i.e. the session has expired. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function notifyIfSessionExpired(method: string, url: string, status: number): void {
  if (status !== 401) return;
  const path = new URL(url, origin()).pathname;
  if (path.startsWith("/api/v1/auth/") || path === "/api/v1/invitations/accept") return;
  if (path === "/api/v1/me" && method === "GET") return;
  for (const listener of unauthorizedListeners) listener();
}

const middleware: Middleware = {
  onRequest({ request }) {
    withCsrf(request.method, request.headers);
    return request;
  },
  onResponse({ request, response }) {
    notifyIfSessionExpired(request.method, request.url, response.status);
    return undefined;
  },
};

// Absolute origin, because `new Request("/path")` is rejected outside browsers (tests).
const origin = (): string => globalThis.location?.origin ?? "http://localhost";

/** Typed client for the Tandem API; fetch is looked up per call so tests can replace it. */
export const api = createClient<paths>({
  baseUrl: origin(),
  credentials: "same-origin",
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(middleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, throwing ApiError on any failure. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw cause instanceof ApiError ? cause : networkError(cause);
  }
  if (!result.response.ok) throw apiErrorFromResponse(result.response, result.error);
  return result.data as T;
}

/** For endpoints not (yet) in the OpenAPI document: same credentials, CSRF and error handling. */
export async function requestJson(path: string, init: RequestInit = {}): Promise<unknown> {
  const method = init.method ?? "GET";
  const headers = withCsrf(method, new Headers(init.headers));
  headers.set("Accept", "application/json");
  let response: Response;
  try {
    response = await globalThis.fetch(new URL(path, origin()), {
      ...init,
      method,
      headers,
      credentials: "same-origin",
    });
  } catch (cause) {
    throw networkError(cause);
  }
  notifyIfSessionExpired(method, response.url || path, response.status);
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw apiErrorFromResponse(response, body);
  return body;
}

import { vi } from "vitest";
import { adminEntities } from "./entityMeta";

export type Handler = (request: Request) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

export const noContent = (status = 204): Response => new Response(null, { status });

export const problem = (
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response =>
  new Response(JSON.stringify({ type: "about:blank", title: code, status, code, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });

/** JSON bodies parsed; anything else (an uploaded file) kept as its text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface RecordedCall {
  method: string;
  path: string;
  query: string;
  headers: Headers;
  body: unknown;
}

/**
 * A tiny fake of the network boundary: routes are "METHOD /path" → handler (a list is consumed in order,
 * the last entry repeating). Unknown routes answer a 404 problem. Installed as the global `fetch`. The entity
 * catalogue answers as for an administrator unless a test routes it itself.
 */
export function installFakeFetch(given: Record<string, Handler | Handler[]>) {
  const routes: Record<string, Handler | Handler[]> = {
    "GET /api/v1/meta/entities": () => json({ items: adminEntities }),
    ...given,
  };
  const calls: RecordedCall[] = [];
  const counters = new Map<string, number>();
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const text = request.body ? await request.clone().text() : "";
    calls.push({
      method: request.method,
      path: url.pathname,
      query: url.search,
      headers: request.headers,
      body: text ? parseBody(text) : undefined,
    });
    const route = routes[key];
    if (!route) return problem(404, "not_found");
    const list = Array.isArray(route) ? route : [route];
    const index = counters.get(key) ?? 0;
    counters.set(key, index + 1);
    const handler = list[Math.min(index, list.length - 1)];
    return handler ? handler(request) : problem(404, "not_found");
  };
  vi.stubGlobal("fetch", vi.fn(fetchImpl));
  return { calls, callsTo: (key: string) => calls.filter((call) => `${call.method} ${call.path}` === key) };
}

/** Sets a cookie in jsdom (e.g. the CSRF cookie the server would set). */
export function setCookie(name: string, value: string): void {
  // biome-ignore lint/suspicious/noDocumentCookie: simulating the server's Set-Cookie in jsdom
  document.cookie = `${name}=${value}; path=/`;
}

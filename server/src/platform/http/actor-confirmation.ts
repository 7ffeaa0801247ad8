import type { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { setWriteGateSource } from "../db/write-gate.js";
import { UnauthorizedError } from "../errors.js";
import { currentRequestScope } from "./request-scope.js";
import type { App } from "./types.js";

/**
 * GET answers computed with a cached actor before it is known to be current (issue 10 item 21). The actor cache
 * (modules/auth/actor-cache.ts) can confirm a hit without a round trip of its own once a statement sent after the
 * request arrived has come back on a listening pool connection — usually the route's own statement. So a GET
 * runs at once, and:
 *
 * - nothing it would write runs before the actor is confirmed (the write gate, platform/db/write-gate.ts): the
 *   first statement that is not a plain read, or a job sent, waits for the confirmation and fails without it;
 * - its answer leaves only after the confirmation (`onSend`). When the actor turned out stale (revoked, or its
 *   role, team or status changed) the answer is dropped and the request is served again from the start with the
 *   actor looked up afresh (`app.inject`, marked so the second run confirms first): a revoked session gets 401,
 *   a narrowed role what it may see now.
 *
 * Other methods, and GETs whose answer leaves before `onSend` (a hijacked stream, `config.confirmActorFirst`),
 * confirm before their handler runs, as before.
 */
const CONFIRM_FIRST_HEADER = "x-tandem-confirm-actor-first";
/** Replay answer headers not copied: the outer reply's own framing and request id. */
const NOT_COPIED = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "x-request-id",
]);

const pending = new WeakMap<FastifyRequest, () => Promise<boolean>>();

/** Whether this request may be answered before its cached actor is confirmed. */
export function mayDeferConfirmation(request: FastifyRequest): boolean {
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    request.routeOptions.config?.confirmActorFirst !== true &&
    request.headers[CONFIRM_FIRST_HEADER] === undefined
  );
}

/** Holds the request's answer (and its writes) until `confirm` resolved true. */
export function holdUntilConfirmed(request: FastifyRequest, confirm: () => Promise<boolean>): void {
  pending.set(request, confirm);
}

setWriteGateSource(() => currentRequestScope()?.writeGate);

/** preHandler (after the request scope is entered): the handler runs behind the write gate while unconfirmed. */
export function writeGateHook(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
  const confirm = pending.get(request);
  const scope = confirm && currentRequestScope();
  if (scope) {
    scope.writeGate = async () => {
      if (!(await confirm()))
        throw new UnauthorizedError("session_changed", "Your session changed; try again.");
    };
  }
  done();
}

/** onSend, registered before every other onSend hook: confirm, or serve the request again. */
export function confirmBeforeSending(app: App) {
  // Callback style: most answers have nothing to confirm and pass without a promise.
  return (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (err: Error | null, payload?: unknown) => void,
  ) => {
    const confirm = pending.get(request);
    if (!confirm) return done(null, payload);
    pending.delete(request);
    confirm().then(
      (ok) =>
        ok ? done(null, payload) : replay(app, request, reply, payload).then((p) => done(null, p), done),
      done,
    );
  };
}

async function replay(app: App, request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  (payload as Readable | null)?.destroy?.();
  const headers: Record<string, string | string[] | undefined> = {
    ...request.headers,
    [CONFIRM_FIRST_HEADER]: "1",
  };
  delete headers["accept-encoding"];
  const again = await app.inject({
    method: request.method as "GET" | "HEAD",
    url: request.url,
    headers: headers as Record<string, string>,
    remoteAddress: request.socket?.remoteAddress,
  });
  for (const name of Object.keys(reply.getHeaders())) {
    if (name !== "x-request-id") reply.removeHeader(name);
  }
  for (const [name, value] of Object.entries(again.headers)) {
    if (value !== undefined && !NOT_COPIED.has(name)) reply.header(name, value);
  }
  reply.code(again.statusCode);
  return again.rawPayload;
}

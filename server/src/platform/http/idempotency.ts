import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/database.js";
import type { DB } from "../db/schema.js";
import { ConflictError, ValidationError } from "../errors.js";

const HEADER = "idempotency-key";
const stateKey = Symbol("idempotency");
/** A key in progress belongs to its request while the lease runs; the request renews it every few seconds. */
const LEASE = sql<Date>`now() + interval '10 seconds'`;
const RENEW_MS = 3000;

interface PendingKey {
  scope: string;
  key: string;
  /** The status the route answers on success (its lowest declared 2xx), stored with a write's result. */
  successStatus: number;
  renew: NodeJS.Timeout;
}

type WithState = FastifyRequest & { [stateKey]?: PendingKey };

/** The key held by the request this code runs for (entered after the preHandler that took it). */
const current = new AsyncLocalStorage<PendingKey>();

function requestHash(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");
}

function successStatus(request: FastifyRequest): number {
  const response = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  const codes = Object.keys(response)
    .map(Number)
    .filter((c) => c >= 200 && c < 300);
  return codes.length > 0 ? Math.min(...codes) : 200;
}

const jsonb = (value: unknown) => sql<unknown>`${JSON.stringify(value ?? null)}::jsonb`;

/**
 * POST requests with an `Idempotency-Key` header run once per (user, key): a repeat with the same body replays
 * the stored response, a repeat with another body is refused, and a repeat while the first is still running
 * gets 409. The result of each write transaction is stored with the key in that same transaction
 * (`idempotentTransactions`), so a request whose write committed replays its answer even if its process died
 * before answering; one whose process died before committing holds the key only until its lease runs out
 * (seconds), then a retry runs it. Keys are kept 24 hours (the nightly maintenance job prunes them).
 */
export function idempotencyHooks(db: Database) {
  const release = async (pending: PendingKey) => {
    clearInterval(pending.renew);
  };
  const hold = (request: FastifyRequest, scope: string, key: string) => {
    const renew = setInterval(() => {
      void db
        .updateTable("idempotency_keys")
        .set({ lease_until: LEASE })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .execute()
        .catch(() => {});
    }, RENEW_MS);
    renew.unref();
    (request as WithState)[stateKey] = { scope, key, successStatus: successStatus(request), renew };
  };

  // The hooks pass requests without a key by `done()` at once (no promise); the rest returns the async path's promise.
  const take = async (request: FastifyRequest, reply: FastifyReply, raw: string | string[]) => {
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw ValidationError.field("header.Idempotency-Key", "Use 1–200 printable ASCII characters.");
    }
    const scope = request.actor?.userId ?? `anon:${request.ip}`;
    const hash = requestHash(request);
    const inserted = await db
      .insertInto("idempotency_keys")
      .values({ scope, key, request_hash: hash, lease_until: LEASE })
      .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
      .returning("key")
      .executeTakeFirst();
    if (inserted) return hold(request, scope, key);
    const existing = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirst();
    if (!existing) throw new ConflictError("idempotency_key_in_use", "Retry the request.");
    if (existing.request_hash !== hash) {
      throw new ConflictError(
        "idempotency_key_reused",
        "This Idempotency-Key was used with a different request.",
      );
    }
    if (existing.status_code === null) {
      // Nothing committed yet: if the lease ran out, its holder is gone (killed, crashed) and this retry runs.
      const taken = await db
        .updateTable("idempotency_keys")
        .set({ lease_until: LEASE })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .where("status_code", "is", null)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", sql<Date>`now()`)]))
        .returning("key")
        .executeTakeFirst();
      if (taken) return hold(request, scope, key);
      reply.header("retry-after", "2");
      throw new ConflictError(
        "idempotency_key_in_progress",
        "The original request is still being processed.",
      );
    }
    reply.header("idempotent-replayed", "true");
    for (const [h, v] of Object.entries(existing.response_headers ?? {})) reply.header(h, v);
    return reply.code(existing.status_code).send(existing.response_body);
  };

  /** Stores a held key's answer (onSend). */
  const store = async (reply: FastifyReply, payload: unknown, pending: PendingKey) => {
    await release(pending);
    if (reply.statusCode >= 500) {
      // Let the client retry a failed attempt with the same key, unless a write of it committed.
      await db
        .deleteFrom("idempotency_keys")
        .where("scope", "=", pending.scope)
        .where("key", "=", pending.key)
        .where("status_code", "is", null)
        .execute();
      return payload;
    }
    const text = typeof payload === "string" ? payload : payload == null ? "" : null;
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const contentType = reply.getHeader("content-type");
    await db
      .updateTable("idempotency_keys")
      .set({
        status_code: reply.statusCode,
        response_body: jsonb(body),
        response_headers: JSON.stringify(contentType ? { "content-type": String(contentType) } : {}),
        lease_until: null,
      })
      .where("scope", "=", pending.scope)
      .where("key", "=", pending.key)
      .execute();
    return payload;
  };

  return {
    preHandler(request: FastifyRequest, reply: FastifyReply, done: () => void) {
      const raw =
        request.method === "POST" && request.routeOptions.config.idempotent !== false
          ? request.headers[HEADER]
          : undefined;
      if (raw === undefined) return done();
      return take(request, reply, raw);
    },

    /** Runs the rest of the request (handler, transactions) with its key visible to `idempotentTransactions`. */
    enter(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
      const pending = (request as WithState)[stateKey];
      if (pending) current.run(pending, done);
      else done();
    },

    onSend(
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (err: Error | null, payload?: unknown) => void,
    ) {
      const pending = (request as WithState)[stateKey];
      if (!pending) return done(null, payload);
      (request as WithState)[stateKey] = undefined;
      return store(reply, payload, pending);
    },

    onResponse(request: FastifyRequest, _reply: FastifyReply, done: () => void) {
      const pending = (request as WithState)[stateKey];
      if (!pending) return done();
      return release(pending);
    },
  };
}

/**
 * The database routes use: each `transaction().execute(fn)` of a request holding an idempotency key also stores
 * `fn`'s result as the key's answer (the route's success status) before it commits. The answer sent later
 * replaces it; if the process dies in between, a retry replays the stored result.
 */
export function idempotentTransactions(db: Database): Database {
  const wrapBuilder = (builder: object): object =>
    new Proxy(builder, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        if (prop === "execute") {
          return <T>(fn: (trx: Kysely<DB>) => Promise<T>) =>
            value.call(target, async (trx: Kysely<DB>) => {
              const result = await fn(trx);
              const pending = current.getStore();
              if (pending && result !== null && typeof result === "object") {
                await trx
                  .updateTable("idempotency_keys")
                  .set({ status_code: pending.successStatus, response_body: jsonb(result) })
                  .where("scope", "=", pending.scope)
                  .where("key", "=", pending.key)
                  .execute();
              }
              return result;
            });
        }
        // setIsolationLevel() and friends return a new builder
        return (...args: unknown[]) => {
          const out = value.apply(target, args);
          return out && typeof out === "object" && "execute" in out ? wrapBuilder(out) : out;
        };
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "transaction") return () => wrapBuilder(target.transaction());
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

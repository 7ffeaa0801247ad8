import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { ConflictError, ValidationError } from "../errors.js";

const HEADER = "idempotency-key";
const stateKey = Symbol("idempotency");

interface PendingKey {
  scope: string;
  key: string;
}

type WithState = FastifyRequest & { [stateKey]?: PendingKey };

function requestHash(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");
}

/**
 * POST requests with an `Idempotency-Key` header run once per (user, key): a repeat with the same body replays
 * the stored response, a repeat with another body is refused, and a repeat while the first is still running
 * gets 409. Keys are kept 24 hours (the nightly maintenance job prunes them).
 */
export function idempotencyHooks(db: Database) {
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      if (request.method !== "POST" || request.routeOptions.config.idempotent === false) return;
      const raw = request.headers[HEADER];
      if (raw === undefined) return;
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
        throw ValidationError.field("header.Idempotency-Key", "Use 1–200 printable ASCII characters.");
      }
      const scope = request.actor?.userId ?? `anon:${request.ip}`;
      const hash = requestHash(request);
      const inserted = await db
        .insertInto("idempotency_keys")
        .values({ scope, key, request_hash: hash })
        .onConflict((oc) => oc.columns(["scope", "key"]).doNothing())
        .returning("key")
        .executeTakeFirst();
      if (inserted) {
        (request as WithState)[stateKey] = { scope, key };
        return;
      }
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
        throw new ConflictError(
          "idempotency_key_in_progress",
          "The original request is still being processed.",
        );
      }
      reply.header("idempotent-replayed", "true");
      for (const [h, v] of Object.entries(existing.response_headers ?? {})) reply.header(h, v);
      return reply.code(existing.status_code).send(existing.response_body);
    },

    async onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      const pending = (request as WithState)[stateKey];
      if (!pending) return payload;
      (request as WithState)[stateKey] = undefined;
      if (reply.statusCode >= 500) {
        // Let the client retry a failed attempt with the same key.
        await db
          .deleteFrom("idempotency_keys")
          .where("scope", "=", pending.scope)
          .where("key", "=", pending.key)
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
          response_body: sql`${JSON.stringify(body)}::jsonb`,
          response_headers: JSON.stringify(contentType ? { "content-type": String(contentType) } : {}),
        })
        .where("scope", "=", pending.scope)
        .where("key", "=", pending.key)
        .execute();
      return payload;
    },
  };
}

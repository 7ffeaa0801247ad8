import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { encodeCursor } from "../../platform/http/schemas.js";
import type { AppDeps } from "../../platform/http/types.js";
import { DELIVER_JOB, type DeliverJobData } from "./deliver.js";
import * as repo from "./repository.js";
import type { AttemptDto, DeliveryDto } from "./schemas.js";
import { requireWebhook } from "./service.js";

type Db = Kysely<DB> | Transaction<DB>;
type DeliveryRow = NonNullable<Awaited<ReturnType<typeof repo.findDelivery>>>;

const iso = (v: Date | string | null | undefined) => (v == null ? null : new Date(v).toISOString());

/** An attempt row, from the table or as `to_jsonb` (timestamps as strings). */
function presentAttempt(a: repo.AttemptRow | Record<string, unknown>): AttemptDto {
  const r = a as repo.AttemptRow;
  return {
    attempt: r.attempt,
    manual: r.manual,
    attemptedAt: iso(r.attempted_at) ?? "",
    requestHeaders: (r.request_headers ?? {}) as Record<string, string>,
    requestBody: r.request_body,
    responseStatus: r.response_status,
    responseHeaders: (r.response_headers ?? null) as Record<string, string> | null,
    responseBody: r.response_body,
    durationMs: r.duration_ms,
    error: r.error,
  };
}

function presentDelivery(d: DeliveryRow): DeliveryDto {
  return {
    id: d.id,
    msgId: d.msg_id,
    eventId: String(d.event_id),
    eventType: d.event_type,
    status: d.status as DeliveryDto["status"],
    attempts: d.attempts,
    nextAttemptAt: iso(d.next_attempt_at),
    lastStatus: d.last_status,
    lastError: d.last_error,
    createdAt: iso(d.created_at) ?? "",
    finishedAt: iso(d.finished_at),
    lastAttempt: d.last ? presentAttempt(d.last) : null,
  };
}

export async function listDeliveries(
  db: Db,
  ctx: RequestContext,
  webhookId: string,
  q: { limit: number; cursor?: string | undefined; status?: DeliveryDto["status"] | undefined },
) {
  await requireWebhook(db, ctx, webhookId);
  const rows = await repo.listDeliveries(db, webhookId, q);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentDelivery),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

async function requireDelivery(db: Db, ctx: RequestContext, webhookId: string, deliveryId: string) {
  await requireWebhook(db, ctx, webhookId);
  const d = await repo.findDelivery(db, webhookId, deliveryId);
  if (!d) throw new NotFoundError("Delivery");
  return d;
}

export async function getDelivery(db: Db, ctx: RequestContext, webhookId: string, deliveryId: string) {
  const d = await requireDelivery(db, ctx, webhookId, deliveryId);
  return { ...presentDelivery(d), attemptLog: (await repo.attemptsOf(db, d.id)).map(presentAttempt) };
}

/** Queues one attempt now (the same `webhook-id`, so receivers can tell a resend). */
export async function redeliver(
  trx: Transaction<DB>,
  deps: Pick<AppDeps, "jobs">,
  ctx: RequestContext,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryDto> {
  const d = await requireDelivery(trx, ctx, webhookId, deliveryId);
  await repo.markForRedelivery(trx, d.id);
  const data: DeliverJobData = { items: [{ id: d.id, attempts: d.attempts }], manual: true };
  await deps.jobs.sendWith(trx, DELIVER_JOB, data);
  return presentDelivery((await repo.findDelivery(trx, webhookId, deliveryId)) as DeliveryRow);
}

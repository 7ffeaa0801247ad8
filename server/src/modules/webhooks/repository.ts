import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import { type Actor, hasAdminPermission } from "../../platform/access/actor.js";
import { setsAnyColumn } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { BadRequestError } from "../../platform/errors.js";
import { decodeCursor } from "../../platform/http/schemas.js";
import type { WebhookFilter } from "./filter.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one home of the webhooks module's SQL. */
type Db = Kysely<DB> | Transaction<DB>;

export type WebhookRow = Selectable<DB["webhooks"]> & { owner_name: string };

/** Administrators (`*`) see every subscription; anyone else with `webhooks.manage` only their own. */
const seesAll = (actor: Actor) => hasAdminPermission(actor, "*");

function webhooksQuery(db: Db) {
  return db
    .selectFrom("webhooks as w")
    .innerJoin("users as u", "u.id", "w.owner_id")
    .selectAll("w")
    .select("u.name as owner_name");
}

export async function listWebhooks(db: Db, actor: Actor): Promise<WebhookRow[]> {
  let q = webhooksQuery(db).orderBy("w.created_at", "desc").orderBy("w.id", "desc").limit(500);
  if (!seesAll(actor)) q = q.where("w.owner_id", "=", actor.userId);
  return q.execute();
}

export async function findWebhook(db: Db, actor: Actor, id: string, lock = false) {
  let q = webhooksQuery(db).where("w.id", "=", id);
  if (!seesAll(actor)) q = q.where("w.owner_id", "=", actor.userId);
  if (lock) q = q.forUpdate("w");
  return q.executeTakeFirst();
}

export interface WebhookValues {
  owner_id: string;
  url: string;
  description: string;
  event_types: string[];
  filter: WebhookFilter | null;
  secret_sealed: string;
  enabled: boolean;
}

export async function insertWebhook(trx: Db, v: WebhookValues): Promise<string> {
  const row = await trx
    .insertInto("webhooks")
    .values({ ...v, filter: v.filter === null ? null : JSON.stringify(v.filter) })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateWebhook(
  trx: Db,
  id: string,
  patch: Partial<Omit<WebhookValues, "owner_id">> & { reenable?: boolean },
): Promise<void> {
  const { reenable, filter, ...rest } = patch;
  const set = {
    ...rest,
    ...(filter !== undefined ? { filter: filter === null ? null : JSON.stringify(filter) } : {}),
    ...(reenable
      ? { disabled_reason: null, disabled_at: null, failing_since: null, consecutive_failures: 0 }
      : {}),
  };
  if (setsAnyColumn(set)) await trx.updateTable("webhooks").set(set).where("id", "=", id).execute();
}

export async function deleteWebhook(trx: Db, id: string): Promise<void> {
  await trx.deleteFrom("webhooks").where("id", "=", id).execute();
}

/** What the fan-out needs of every enabled subscription. */
export async function enabledWebhooks(db: Db) {
  return db
    .selectFrom("webhooks")
    .select(["id", "event_types", "filter"])
    .where("enabled", "=", true)
    .execute();
}

export interface NewDelivery {
  webhook_id: string;
  msg_id: string;
  event_id: string;
  event_type: string;
  event: string;
}

/** Inserts deliveries (a redelivered event batch inserts nothing twice) and returns the new ids. */
export async function insertDeliveries(trx: Db, rows: NewDelivery[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const out = await trx
    .insertInto("webhook_deliveries")
    .values(rows.map((r) => ({ ...r, next_attempt_at: sql<Date>`now()` })))
    .onConflict((oc) => oc.columns(["webhook_id", "event_id"]).doNothing())
    .returning("id")
    .execute();
  return out.map((r) => r.id);
}

export type AttemptRow = Selectable<DB["webhook_attempts"]>;

const deliveryColumns = [
  "d.id",
  "d.msg_id",
  "d.event_id",
  "d.event_type",
  "d.status",
  "d.attempts",
  "d.next_attempt_at",
  "d.last_status",
  "d.last_error",
  "d.created_at",
  "d.finished_at",
] as const;

/** The delivery's newest attempt as a JSON row (timestamps as strings). */
const lastAttempt = sql<Record<string, unknown> | null>`(select to_jsonb(a) from webhook_attempts a
  where a.delivery_id = d.id order by a.id desc limit 1)`;

export async function listDeliveries(
  db: Db,
  webhookId: string,
  q: {
    limit: number;
    cursor?: string | undefined;
    status?: "pending" | "succeeded" | "failed" | "skipped" | undefined;
  },
) {
  let query = db
    .selectFrom("webhook_deliveries as d")
    .select(deliveryColumns)
    .select(lastAttempt.as("last"))
    .where("d.webhook_id", "=", webhookId)
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(q.limit + 1);
  if (q.status) query = query.where("d.status", "=", q.status);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at)) || !UUID.test(id)) {
      throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
    }
    query = query.where(sql<boolean>`(d.created_at, d.id) < (${new Date(at)}, ${id}::uuid)`);
  }
  return query.execute();
}

export async function findDelivery(db: Db, webhookId: string, deliveryId: string) {
  return db
    .selectFrom("webhook_deliveries as d")
    .select(deliveryColumns)
    .select(lastAttempt.as("last"))
    .where("d.webhook_id", "=", webhookId)
    .where("d.id", "=", deliveryId)
    .executeTakeFirst();
}

export async function attemptsOf(db: Db, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .selectFrom("webhook_attempts")
    .selectAll()
    .where("delivery_id", "=", deliveryId)
    .orderBy("id")
    .execute();
}

/** Marks a delivery for one more (manual) attempt now. */
export async function markForRedelivery(trx: Db, deliveryId: string): Promise<void> {
  await trx
    .updateTable("webhook_deliveries")
    .set({ status: "pending", next_attempt_at: sql<Date>`now()`, finished_at: null })
    .where("id", "=", deliveryId)
    .execute();
}

/** What a delivery attempt needs: the message, its subscription and the subscription's owner. */
export async function deliveriesToSend(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom("webhook_deliveries as d")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select([
      "d.id",
      "d.msg_id",
      "d.event",
      "d.event_type",
      "d.status",
      "d.attempts",
      "d.created_at",
      "w.id as webhook_id",
      "w.url",
      "w.secret_sealed",
      "w.enabled",
      "w.owner_id",
      "w.filter",
    ])
    .where("d.id", "in", ids)
    .execute();
}

export interface AttemptValues {
  delivery_id: string;
  attempt: number;
  manual: boolean;
  request_headers: string;
  request_body: string;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
  duration_ms: number;
  error: string | null;
}

export async function insertAttempts(trx: Db, rows: AttemptValues[]): Promise<void> {
  if (rows.length) await trx.insertInto("webhook_attempts").values(rows).execute();
}

export interface DeliveryOutcome {
  id: string;
  status: "pending" | "succeeded" | "failed" | "skipped";
  attempts: number;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}

/** Writes many deliveries' outcomes in one statement. */
export async function saveOutcomes(trx: Db, rows: DeliveryOutcome[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update webhook_deliveries d set
      status = u.status, attempts = u.attempts, next_attempt_at = u.next_attempt_at,
      last_status = u.last_status, last_error = u.last_error,
      finished_at = case when u.status = 'pending' then null else now() end
    from unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.attempts)}::int[],
      ${rows.map((r) => r.next_attempt_at)}::timestamptz[], ${rows.map((r) => r.last_status)}::int[],
      ${rows.map((r) => r.last_error)}::text[]
    ) as u(id, status, attempts, next_attempt_at, last_status, last_error)
    where d.id = u.id`.execute(trx);
}

/** A success clears the subscription's failure streak. */
export async function clearFailures(trx: Db, webhookIds: string[]): Promise<void> {
  if (webhookIds.length === 0) return;
  await trx
    .updateTable("webhooks")
    .set({ failing_since: null, consecutive_failures: 0 })
    .where("id", "in", webhookIds)
    .where((eb) => eb.or([eb("failing_since", "is not", null), eb("consecutive_failures", ">", 0)]))
    .execute();
}

/** The first failed attempt starts the streak's clock. */
export async function markFailing(trx: Db, webhookIds: string[]): Promise<void> {
  if (webhookIds.length === 0) return;
  await trx
    .updateTable("webhooks")
    .set({ failing_since: sql<Date>`now()` })
    .where("id", "in", webhookIds)
    .where("failing_since", "is", null)
    .execute();
}

/**
 * Counts deliveries that failed for good; returns the subscriptions now failing for at least `minAge` with at
 * least `threshold` such deliveries in a row, disabled in the same statement.
 */
export async function recordFinalFailures(
  trx: Db,
  counts: Map<string, number>,
  threshold: number,
  minAgeSeconds: number,
  reason: string,
) {
  if (counts.size === 0) return [];
  const ids = [...counts.keys()];
  const res = await sql<{ id: string; url: string; owner_id: string; disabled: boolean }>`
    update webhooks w set
      consecutive_failures = w.consecutive_failures + u.n,
      failing_since = coalesce(w.failing_since, now()),
      enabled = case when w.enabled and w.consecutive_failures + u.n >= ${threshold}
        and coalesce(w.failing_since, now()) <= now() - make_interval(secs => ${minAgeSeconds}) then false else w.enabled end,
      disabled_reason = case when w.enabled and w.consecutive_failures + u.n >= ${threshold}
        and coalesce(w.failing_since, now()) <= now() - make_interval(secs => ${minAgeSeconds}) then ${reason} else w.disabled_reason end,
      disabled_at = case when w.enabled and w.consecutive_failures + u.n >= ${threshold}
        and coalesce(w.failing_since, now()) <= now() - make_interval(secs => ${minAgeSeconds}) then now() else w.disabled_at end
    from unnest(${ids}::uuid[], ${ids.map((id) => counts.get(id) ?? 0)}::int[]) as u(id, n)
    where w.id = u.id
    returning w.id, w.url, w.owner_id, (w.disabled_at = now() and not w.enabled) as disabled`.execute(trx);
  return res.rows.filter((r) => r.disabled);
}

/** Deletes up to `batch` finished deliveries (and their attempts) older than the cut-off; returns how many. */
export async function pruneDeliveries(db: Db, olderThanDays: number, batch: number): Promise<number> {
  const res = await sql`
    delete from webhook_deliveries where id in (
      select id from webhook_deliveries
      where created_at < now() - make_interval(days => ${olderThanDays}) and status <> 'pending'
      order by created_at limit ${batch})`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}

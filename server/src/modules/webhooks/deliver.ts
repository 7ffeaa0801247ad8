import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Actor } from "../../platform/access/actor.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { AppDeps } from "../../platform/http/types.js";
import { mapLimit } from "../../platform/jobs/map-limit.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { enqueueMail } from "../../platform/mail/queue.js";
import { actorForUser } from "../../platform/records/actor.js";
import { readableRecords, visibleEvent, type WebhookEvent } from "./authorize.js";
import type { WebhookFilter } from "./filter.js";
import * as repo from "./repository.js";
import { deliverSigned } from "./transport.js";

export const DELIVER_JOB = "webhooks.deliver";

/**
 * Seconds to wait after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h — twelve attempts
 * over about 2.8 days (the Standard Webhooks schedule, stretched to the three days the spec allows).
 */
export const RETRY_DELAYS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000, 36_000, 36_000, 36_000, 36_000];
export const MAX_ATTEMPTS = RETRY_DELAYS.length + 1;
/** Disabled after this many deliveries in a row failed every attempt, failing for at least a day. */
export const DISABLE_AFTER_FAILED_DELIVERIES = 5;
export const DISABLE_MIN_FAILING_SECONDS = 24 * 3600;
/** Deliveries sent at once by one handler call. */
const CONCURRENCY = 32;

export interface DeliverJobData {
  /** Deliveries with the attempt count they had when scheduled: a newer attempt makes the job stale. */
  items: Array<{ id: string; attempts: number }>;
  /** A manual redelivery: one attempt now, not counted towards disabling. */
  manual?: boolean;
}

type Deps = Pick<AppDeps, "config" | "db" | "jobs" | "secrets">;

/**
 * Runs one attempt of each due delivery: as its subscription's owner (read scope on the record now, fields
 * the role hides removed — nothing is sent otherwise), signed per Standard Webhooks, through the SSRF-safe
 * fetch. Failures are scheduled again with back-off; the last failure of a delivery counts towards disabling
 * the subscription, which mails its owner.
 */
export async function runDeliveries(deps: Deps, jobs: DeliverJobData[], log: Logger): Promise<void> {
  const expected = new Map<string, { attempts: number; manual: boolean }>();
  for (const j of jobs)
    for (const it of j.items) expected.set(it.id, { attempts: it.attempts, manual: Boolean(j.manual) });
  const rows = (await repo.deliveriesToSend(deps.db, [...expected.keys()])).filter((r) => {
    const want = expected.get(r.id);
    return want !== undefined && r.attempts === want.attempts && (r.status === "pending" || want.manual);
  });
  if (rows.length === 0) return;

  const actors = new Map<string, Actor | null>();
  for (const owner of new Set(rows.map((r) => r.owner_id)))
    actors.set(owner, await actorForUser(deps.db, owner));
  const readable = new Map<string, Set<string>>();
  for (const [owner, actor] of actors) {
    if (!actor) continue;
    const events = rows.filter((r) => r.owner_id === owner).map((r) => r.event as unknown as WebhookEvent);
    readable.set(owner, await readableRecords(deps.db, actor, events));
  }
  const secrets = new Map<string, string>();

  const results = await mapLimit(rows, CONCURRENCY, async (r) => {
    const manual = expected.get(r.id)?.manual ?? false;
    const actor = actors.get(r.owner_id);
    const event = r.event as unknown as WebhookEvent;
    if (!r.enabled && !manual) return { r, manual, skip: "The webhook is disabled." };
    if (!actor) return { r, manual, skip: "The webhook's owner is deactivated." };
    const visible = readable.get(r.owner_id)?.has(`${event.entity}:${event.entityId}`)
      ? visibleEvent(actor, event, r.filter as WebhookFilter | null)
      : null;
    if (!visible) return { r, manual, skip: "The webhook's owner may not read this record or these fields." };
    let secret = secrets.get(r.webhook_id);
    if (secret === undefined) {
      secret = deps.secrets.open(r.secret_sealed);
      secrets.set(r.webhook_id, secret);
    }
    const result = await deliverSigned(deps, { url: r.url, secret, body: visible, msgId: r.msg_id });
    return { r, manual, result };
  });

  const attempts: repo.AttemptValues[] = [];
  const outcomes: repo.DeliveryOutcome[] = [];
  const retries = new Map<number, DeliverJobData["items"]>();
  const succeeded = new Set<string>();
  const failing = new Set<string>();
  const finalFailures = new Map<string, number>();
  const now = Date.now();
  for (const x of results) {
    const { r } = x;
    if ("skip" in x) {
      outcomes.push({
        id: r.id,
        status: "skipped",
        attempts: r.attempts,
        next_attempt_at: null,
        last_status: null,
        last_error: x.skip ?? null,
      });
      continue;
    }
    const { result } = x;
    const attempt = r.attempts + 1;
    attempts.push({
      delivery_id: r.id,
      attempt,
      manual: x.manual,
      request_headers: JSON.stringify(result.requestHeaders),
      request_body: result.requestBody,
      response_status: result.status,
      response_headers: JSON.stringify(result.responseHeaders),
      response_body: result.responseBody,
      duration_ms: result.durationMs,
      error: result.error,
    });
    const base = { id: r.id, attempts: attempt, last_status: result.status, last_error: result.error };
    if (result.ok) {
      outcomes.push({ ...base, status: "succeeded", next_attempt_at: null });
      succeeded.add(r.webhook_id);
      continue;
    }
    failing.add(r.webhook_id);
    const delay = RETRY_DELAYS[attempt - 1];
    if (delay !== undefined) {
      outcomes.push({ ...base, status: "pending", next_attempt_at: new Date(now + delay * 1000) });
      retries.set(delay, [...(retries.get(delay) ?? []), { id: r.id, attempts: attempt }]);
    } else {
      outcomes.push({ ...base, status: "failed", next_attempt_at: null });
      if (!x.manual) finalFailures.set(r.webhook_id, (finalFailures.get(r.webhook_id) ?? 0) + 1);
    }
  }

  await deps.db.transaction().execute(async (trx) => {
    await repo.insertAttempts(trx, attempts);
    await repo.saveOutcomes(trx, outcomes);
    for (const [delay, items] of retries) {
      await deps.jobs.sendWith(trx, DELIVER_JOB, { items } satisfies DeliverJobData, { startAfter: delay });
    }
    await repo.clearFailures(trx, [...succeeded]);
    await repo.markFailing(
      trx,
      [...failing].filter((id) => !succeeded.has(id)),
    );
    const disabled = await repo.recordFinalFailures(
      trx,
      finalFailures,
      DISABLE_AFTER_FAILED_DELIVERIES,
      DISABLE_MIN_FAILING_SECONDS,
      `Every attempt of ${DISABLE_AFTER_FAILED_DELIVERIES} deliveries in a row failed.`,
    );
    if (disabled.length > 0)
      await recordChange(
        trx,
        { actorId: null },
        disabled.map((d) => ({
          entity: "webhooks" as const,
          entityId: d.id,
          action: "update" as const,
          changes: { enabled: { before: true, after: false } },
        })),
      );
    for (const d of disabled) await mailOwner(deps, trx, d);
  });
  const failed = outcomes.filter((o) => o.status !== "succeeded").length;
  if (failed) log.debug({ delivered: outcomes.length - failed, failed }, "webhook deliveries");
}

async function mailOwner(
  deps: Deps,
  trx: Parameters<typeof enqueueMail>[1],
  d: { url: string; owner_id: string },
): Promise<void> {
  const owner = await trx
    .selectFrom("users")
    .select(["email", "name", "language"])
    .where("id", "=", d.owner_id)
    .executeTakeFirst();
  if (!owner) return;
  const base = (deps.config.PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(/\/+$/, "");
  await enqueueMail(deps.jobs, trx, {
    to: owner.email,
    template: "webhook_disabled",
    language: owner.language ?? "en",
    vars: { name: owner.name, link: `${base}/settings/webhooks`, target: d.url },
  });
}

export function deliverJob(deps: Deps): JobDefinition<DeliverJobData> {
  return {
    name: DELIVER_JOB,
    batchSize: 4,
    concurrency: 4,
    pollingIntervalSeconds: 0.5,
    retryLimit: 3,
    retryDelay: 5,
    async handler(jobs: PgBoss.Job<DeliverJobData>[], { log }) {
      await runDeliveries(
        deps,
        jobs.map((j) => j.data),
        log,
      );
    },
  };
}

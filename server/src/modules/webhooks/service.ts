import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import type { AppDeps } from "../../platform/http/types.js";
import { actorForUser } from "../../platform/records/actor.js";
import { validateSubscription } from "./event-types.js";
import type { WebhookFilter } from "./filter.js";
import * as repo from "./repository.js";
import type { CreateWebhookInput, UpdateWebhookInput, WebhookDto } from "./schemas.js";
import { generateWebhookSecret } from "./signing.js";
import { checkWebhookUrl } from "./transport.js";

type Db = Kysely<DB> | Transaction<DB>;
type Deps = Pick<AppDeps, "config" | "secrets">;

export function presentWebhook(r: repo.WebhookRow): WebhookDto {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    filter: (r.filter as WebhookFilter | null) ?? null,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at?.toISOString() ?? null,
    failingSince: r.failing_since?.toISOString() ?? null,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listWebhooks(db: Db, ctx: RequestContext): Promise<WebhookDto[]> {
  return (await repo.listWebhooks(db, ctx.actor)).map(presentWebhook);
}

/** Another user's subscription answers 404, like a missing one. */
export async function requireWebhook(db: Db, ctx: RequestContext, id: string, lock = false) {
  const row = await repo.findWebhook(db, ctx.actor, id, lock);
  if (!row) throw new NotFoundError("Webhook");
  return row;
}

export async function getWebhook(db: Db, ctx: RequestContext, id: string): Promise<WebhookDto> {
  return presentWebhook(await requireWebhook(db, ctx, id));
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Creates a subscription owned by the caller; the answer carries the secret, the only time it is shown. */
export async function createWebhook(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  input: CreateWebhookInput,
): Promise<WebhookDto & { secret: string }> {
  await validateSubscription(trx, ctx.actor, input.eventTypes, input.filter);
  const url = await checkWebhookUrl(deps, input.url);
  const secret = generateWebhookSecret();
  const id = await repo.insertWebhook(trx, {
    owner_id: ctx.actor.userId,
    url: url.href,
    description: input.description,
    event_types: unique(input.eventTypes),
    filter: input.filter,
    secret_sealed: deps.secrets.seal(secret),
    enabled: input.enabled,
  });
  const created = await getWebhook(trx, ctx, id);
  await recordChange(trx, changeContext(ctx), {
    entity: "webhooks",
    entityId: id,
    action: "create",
    changes: diff({}, audited(created)),
  });
  return { ...created, secret };
}

export async function updateWebhook(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  id: string,
  input: UpdateWebhookInput,
): Promise<WebhookDto> {
  const row = await requireWebhook(trx, ctx, id, true);
  const eventTypes = input.eventTypes ? unique(input.eventTypes) : row.event_types;
  const filter = input.filter !== undefined ? input.filter : (row.filter as WebhookFilter | null);
  if (input.eventTypes || input.filter) {
    // Checked as the owner: the subscription acts with the owner's scope and field rules.
    await validateSubscription(trx, await ownerActor(trx, row.owner_id, ctx), eventTypes, filter);
  }
  const url = input.url !== undefined ? (await checkWebhookUrl(deps, input.url)).href : undefined;
  await repo.updateWebhook(trx, id, {
    ...(url !== undefined ? { url } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.eventTypes ? { event_types: eventTypes } : {}),
    ...(input.filter !== undefined ? { filter: input.filter } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    reenable: input.enabled === true && !row.enabled,
  });
  const updated = await getWebhook(trx, ctx, id);
  const changes = diff(audited(presentWebhook(row)), audited(updated));
  if (Object.keys(changes).length > 0)
    await recordChange(trx, changeContext(ctx), {
      entity: "webhooks",
      entityId: id,
      action: "update",
      changes,
    });
  return updated;
}

/** The audited settings of a subscription (no secret, no timestamps). */
function audited(w: WebhookDto) {
  return {
    url: w.url,
    description: w.description,
    eventTypes: w.eventTypes,
    filter: w.filter as Record<string, unknown> | null,
    enabled: w.enabled,
    ownerId: w.ownerId,
  };
}

const changeContext = (ctx: RequestContext) => ({ actorId: ctx.actor.userId, requestId: ctx.requestId });

/** The owner's actor (an administrator may edit someone else's subscription; it still acts as its owner). */
async function ownerActor(db: Db, ownerId: string, ctx: RequestContext) {
  if (ownerId === ctx.actor.userId) return ctx.actor;
  return (await actorForUser(db as Database, ownerId)) ?? ctx.actor;
}

export async function deleteWebhook(trx: Transaction<DB>, ctx: RequestContext, id: string): Promise<void> {
  const row = await requireWebhook(trx, ctx, id, true);
  await repo.deleteWebhook(trx, id);
  await recordChange(trx, changeContext(ctx), {
    entity: "webhooks",
    entityId: id,
    action: "delete",
    changes: { url: row.url },
  });
}

/** A new secret, effective at once; shown only in this answer. */
export async function rotateSecret(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  id: string,
): Promise<WebhookDto & { secret: string }> {
  await requireWebhook(trx, ctx, id, true);
  const secret = generateWebhookSecret();
  await repo.updateWebhook(trx, id, { secret_sealed: deps.secrets.seal(secret) });
  await recordChange(trx, changeContext(ctx), {
    entity: "webhooks",
    entityId: id,
    action: "rotate_secret",
    changes: {},
  });
  return { ...(await getWebhook(trx, ctx, id)), secret };
}

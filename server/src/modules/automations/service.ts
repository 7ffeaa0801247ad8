import { randomBytes } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { hasAdminPermission, type RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import type { AppDeps } from "../../platform/http/types.js";
import { actorForUser } from "../../platform/records/actor.js";
import type { RuleResponse } from "./response-schemas.js";
import { cancelWaits } from "./runs.js";
import type { CreateRuleInput, Definition, UpdateRuleInput } from "./schemas.js";
import { validateDefinition } from "./validate.js";

type Db = Kysely<DB> | Transaction<DB>;
type Trx = Transaction<DB>;

const RULE_COLUMNS = [
  "r.id",
  "r.entity",
  "r.name",
  "r.description",
  "r.owner_id",
  "r.enabled",
  "r.version",
  "r.current_version_id",
  "r.hook_public_id",
  "r.created_at",
  "r.updated_at",
  "v.definition",
] as const;

function rules(db: Db) {
  return db
    .selectFrom("automation_rules as r")
    .innerJoin("automation_rule_versions as v", "v.id", "r.current_version_id")
    .select(RULE_COLUMNS)
    .where("r.deleted_at", "is", null);
}
type RuleRow = Awaited<ReturnType<ReturnType<typeof rules>["executeTakeFirstOrThrow"]>>;

export function presentRule(r: RuleRow): RuleResponse {
  return {
    id: r.id,
    entity: r.entity,
    name: r.name,
    description: r.description,
    ownerId: r.owner_id,
    enabled: r.enabled,
    version: r.version,
    versionId: r.current_version_id as string,
    definition: r.definition as Definition,
    hook: r.hook_public_id ? { publicId: r.hook_public_id, url: `/api/v1/hooks/${r.hook_public_id}` } : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listRules(db: Db, entity?: string): Promise<RuleResponse[]> {
  let q = rules(db).orderBy("r.name").orderBy("r.id").limit(1000);
  if (entity) q = q.where("r.entity", "=", entity);
  return (await q.execute()).map(presentRule);
}

export async function getRule(db: Db, id: string): Promise<RuleResponse> {
  const r = await rules(db).where("r.id", "=", id).executeTakeFirst();
  if (!r) throw new NotFoundError("Rule");
  return presentRule(r);
}

/** The owner as an actor (their role as of now); an inactive owner cannot own rules. */
async function ownerActor(trx: Trx, ctx: RequestContext, ownerId: string) {
  if (ownerId !== ctx.actor.userId && !hasAdminPermission(ctx.actor, "users.manage")) {
    throw new ForbiddenError("permission_denied", "Only user administrators may give a rule another owner.");
  }
  const owner = await actorForUser(trx as never, ownerId);
  if (!owner) throw ValidationError.field("ownerId", "No such active user.", "unknown_user");
  return owner;
}

function entityOf(deps: AppDeps, name: string) {
  const def = deps.entities.get(name);
  if (!def) throw ValidationError.field("entity", "Unknown entity.", "unknown_entity");
  return def;
}

const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;
const newPublicId = () => randomBytes(18).toString("base64url");

export async function createRule(trx: Trx, ctx: RequestContext, deps: AppDeps, input: CreateRuleInput) {
  const ownerId = input.ownerId ?? ctx.actor.userId;
  const owner = await ownerActor(trx, ctx, ownerId);
  const entity = entityOf(deps, input.entity);
  await validateDefinition(
    trx,
    owner,
    entity,
    input.definition,
    deps.config.outboundAllowHosts,
    deps.entities.all(),
  );
  const secret = newSecret();
  const rule = await trx
    .insertInto("automation_rules")
    .values({
      entity: input.entity,
      name: input.name,
      description: input.description,
      owner_id: ownerId,
      enabled: input.enabled,
      trigger_kind: input.definition.trigger.kind,
      hook_public_id: input.definition.trigger.kind === "inboundWebhook" ? newPublicId() : null,
      hook_secret: deps.secrets.seal(secret),
      scanned_until: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await trx
    .insertInto("automation_rule_versions")
    .values({
      rule_id: rule.id,
      version: 1,
      definition: JSON.stringify(input.definition),
      created_by: ctx.actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("automation_rules")
    .set({ current_version_id: version.id })
    .where("id", "=", rule.id)
    .execute();
  await audit(trx, ctx, "automation.created", rule.id, {
    name: input.name,
    version: 1,
    enabled: input.enabled,
  });
  return { rule: await getRule(trx, rule.id), secret };
}

export async function updateRule(
  trx: Trx,
  ctx: RequestContext,
  deps: AppDeps,
  id: string,
  input: UpdateRuleInput,
) {
  const before = await trx
    .selectFrom("automation_rules")
    .selectAll()
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw new NotFoundError("Rule");
  const current = await getRule(trx, id);
  const ownerId = input.ownerId ?? before.owner_id;
  const owner = await ownerActor(trx, ctx, ownerId);
  const definition = input.definition ?? current.definition;
  // Re-checked even when only the owner changes: the new owner may see fewer fields.
  await validateDefinition(
    trx,
    owner,
    deps.entities.get(before.entity) as never,
    definition,
    deps.config.outboundAllowHosts,
    deps.entities.all(),
  );
  const changed =
    input.definition !== undefined && JSON.stringify(input.definition) !== JSON.stringify(current.definition);
  let version = before.version;
  let versionId = before.current_version_id as string;
  if (changed) {
    version += 1;
    const v = await trx
      .insertInto("automation_rule_versions")
      .values({ rule_id: id, version, definition: JSON.stringify(definition), created_by: ctx.actor.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    versionId = v.id;
  }
  const hookPublicId =
    definition.trigger.kind === "inboundWebhook" ? (before.hook_public_id ?? newPublicId()) : null;
  await trx
    .updateTable("automation_rules")
    .set({
      name: input.name ?? before.name,
      description: input.description ?? before.description,
      owner_id: ownerId,
      enabled: input.enabled ?? before.enabled,
      trigger_kind: definition.trigger.kind,
      version,
      current_version_id: versionId,
      hook_public_id: hookPublicId,
      ...(changed ? { scanned_until: new Date() } : {}),
    })
    .where("id", "=", id)
    .execute();
  if (before.enabled && input.enabled === false && definition.options.cancelWaitsOnDisable) {
    await cancelWaits(trx, { ruleId: id }, "rule_disabled");
  }
  await audit(trx, ctx, "automation.updated", id, {
    ...(changed ? { version: { before: before.version, after: version } } : {}),
    ...(input.enabled !== undefined && input.enabled !== before.enabled
      ? { enabled: { before: before.enabled, after: input.enabled } }
      : {}),
    ...(ownerId !== before.owner_id ? { ownerId: { before: before.owner_id, after: ownerId } } : {}),
  });
  return getRule(trx, id);
}

export async function deleteRule(trx: Trx, ctx: RequestContext, id: string) {
  const row = await trx
    .updateTable("automation_rules")
    .set({ deleted_at: new Date(), enabled: false, hook_public_id: null })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Rule");
  await cancelWaits(trx, { ruleId: id }, "rule_deleted");
  await audit(trx, ctx, "automation.deleted", id, {});
}

/** A new secret for inbound signatures and outgoing webhook signing; shown once. */
export async function rotateSecret(trx: Trx, ctx: RequestContext, deps: AppDeps, id: string) {
  const secret = newSecret();
  const row = await trx
    .updateTable("automation_rules")
    .set({ hook_secret: deps.secrets.seal(secret) })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new NotFoundError("Rule");
  await audit(trx, ctx, "automation.secret_rotated", id, {});
  return secret;
}

export async function listVersions(db: Db, id: string) {
  await getRule(db, id);
  const rows = await db
    .selectFrom("automation_rule_versions")
    .selectAll()
    .where("rule_id", "=", id)
    .orderBy("version", "desc")
    .execute();
  return rows.map((v) => ({
    id: v.id,
    version: v.version,
    definition: v.definition as Definition,
    createdBy: v.created_by,
    createdAt: v.created_at.toISOString(),
  }));
}

async function audit(
  trx: Trx,
  ctx: RequestContext,
  action: string,
  id: string,
  changes: Record<string, unknown>,
) {
  await writeAudit(trx, {
    action,
    actorId: ctx.actor.userId,
    entity: "automations",
    entityId: id,
    changes,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
}

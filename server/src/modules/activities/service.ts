import type { Transaction, Updateable } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable } from "../../platform/access/fields.js";
import { canActOnOwner, requireAnyScope } from "../../platform/access/scope.js";
import { patchRow } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { assertReadableLinks, readableRecordIds } from "../../platform/records/links.js";
import { isActiveUser, teamOf } from "../../platform/records/users.js";
import { CALL_OUTCOMES, isCallOutcome } from "./call-outcomes.js";
import { activitySnapshot } from "./events.js";
import { assertMentionableUsers } from "./mentions.js";
import { phoneColumns } from "./phones.js";
import { activityLinksOf, type Db, findActivity, presentActivity, writeActivityLinks } from "./repository.js";
import { sanitizeRichText } from "./sanitize.js";
import {
  type ActivityCreateInput,
  type ActivityResponse,
  type ActivityUpdateInput,
  isSystemItem,
  isSystemKind,
} from "./schemas.js";
import type { ActivitiesTable, ActivityKind } from "./tables.js";

type Trx = Transaction<DB>;
type Field = Exclude<keyof ActivityUpdateInput, "links" | "ownerId" | "occurredAt">;

/** Which fields each kind of logged activity accepts. */
const fieldsByKind: Record<typeof import("./schemas.js").ACTIVITY_KINDS[number], readonly Field[]> = {
  call: ["subject", "body", "direction", "phone", "durationSeconds", "outcome", "recordingUrl"],
  meeting: ["subject", "body", "startsAt", "endsAt", "place", "participants", "outcome"],
  note: ["subject", "body"],
  email: ["subject", "body", "direction", "from", "to"],
  sms: ["body", "direction", "from", "to"],
};

type Columns = Updateable<ActivitiesTable>;

function toColumns(input: ActivityUpdateInput): Columns {
  const c: Columns = {};
  if (input.subject !== undefined) c.subject = input.subject;
  if (input.body !== undefined) c.body = input.body === null ? null : sanitizeRichText(input.body);
  if (input.direction !== undefined) c.direction = input.direction;
  if (input.phone !== undefined) c.phone = input.phone;
  if (input.durationSeconds !== undefined) c.duration_seconds = input.durationSeconds;
  if (input.outcome !== undefined) c.outcome = input.outcome;
  if (input.recordingUrl !== undefined) c.recording_url = input.recordingUrl;
  if (input.startsAt !== undefined) c.starts_at = input.startsAt === null ? null : new Date(input.startsAt);
  if (input.endsAt !== undefined) c.ends_at = input.endsAt === null ? null : new Date(input.endsAt);
  if (input.place !== undefined) c.place = input.place;
  if (input.participants !== undefined) c.participants = JSON.stringify(input.participants);
  if (input.from !== undefined) c.from_address = input.from;
  if (input.to !== undefined) c.to_address = input.to;
  if (input.occurredAt !== undefined) c.occurred_at = new Date(input.occurredAt);
  return c;
}

async function validate(
  trx: Trx,
  ctx: RequestContext,
  kind: ActivityKind,
  input: ActivityUpdateInput,
  previousBody: string | null = null,
) {
  if (isSystemKind(kind)) {
    throw ValidationError.field("body.kind", "System items cannot be changed.", "read_only");
  }
  const allowed = new Set<string>([...fieldsByKind[kind], "links", "ownerId", "occurredAt"]);
  const extra = Object.keys(input).filter(
    (k) => input[k as keyof ActivityUpdateInput] !== undefined && !allowed.has(k),
  );
  if (extra.length > 0) {
    throw new ValidationError(
      extra.map((f) => ({
        field: `body.${f}`,
        message: `Not a field of ${kind} activities.`,
        code: "unknown_field",
      })),
    );
  }
  if (kind === "call" && input.outcome != null && !isCallOutcome(input.outcome)) {
    throw ValidationError.field(
      "body.outcome",
      `Use one of: ${CALL_OUTCOMES.join(", ")}.`,
      "invalid_outcome",
    );
  }
  if (kind === "note" && input.body !== undefined && !sanitizeRichText(input.body ?? "")) {
    throw ValidationError.field("body.body", "A note needs some text.", "required");
  }
  if (input.body) await assertMentionableUsers(trx, sanitizeRichText(input.body), previousBody);
  const p = input.participants;
  if (p) {
    const readable = await readableRecordIds(trx, ctx.actor, "contacts", p.contacts);
    const missing = p.contacts.find((c) => !readable.has(c));
    if (missing)
      throw ValidationError.field("body.participants", `Contact ${missing} not found.`, "link_not_found");
    for (const u of p.users) {
      if (!(await isActiveUser(trx, u)))
        throw ValidationError.field("body.participants", `User ${u} not found.`);
    }
  }
  if (input.ownerId && input.ownerId !== ctx.actor.userId) {
    const ok =
      (await isActiveUser(trx, input.ownerId)) &&
      (await canActOnOwner(ctx.actor, "activities", "assign", input.ownerId, (u) => teamOf(trx, u)));
    if (!ok)
      throw ValidationError.field(
        "body.ownerId",
        "You may not give activities to this user.",
        "owner_out_of_scope",
      );
  }
}

export async function createActivity(
  trx: Trx,
  ctx: RequestContext,
  input: ActivityCreateInput,
): Promise<ActivityResponse> {
  requireAnyScope(ctx.actor, "activities", "create");
  assertWritable(ctx.actor, "activities", input);
  const { kind, ...fields } = input;
  await validate(trx, ctx, kind, fields);
  if (kind === "note" && !fields.body)
    throw ValidationError.field("body.body", "A note needs some text.", "required");
  if (kind === "meeting" && !fields.startsAt)
    throw ValidationError.field("body.startsAt", "When does it start?", "required");
  const links = await assertReadableLinks(trx, ctx.actor, fields.links ?? []);
  const columns = { ...toColumns(fields), ...(await phoneColumns(trx, ctx.actor.userId, kind, fields)) };
  const occurredAt = new Date(
    fields.occurredAt ?? (kind === "meeting" ? fields.startsAt : undefined) ?? Date.now(),
  );
  const a = await trx
    .insertInto("activities")
    .values({
      ...columns,
      kind,
      occurred_at: occurredAt,
      owner_id: fields.ownerId ?? ctx.actor.userId,
      created_by: ctx.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeActivityLinks(trx, a.id, a.occurred_at, links);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: "activities", entityId: a.id, action: "create", changes: diff({}, activitySnapshot(a, links)) },
  );
  return presentActivity(ctx.actor, a, links);
}

export async function updateActivity(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: ActivityUpdateInput,
): Promise<ActivityResponse> {
  const before = await loadForWrite(trx, ctx, id, "update");
  assertWritable(ctx.actor, "activities", input);
  await validate(trx, ctx, before.kind, input, before.body);
  const links = input.links ? await assertReadableLinks(trx, ctx.actor, input.links) : undefined;
  const columns = { ...toColumns(input), ...(await phoneColumns(trx, ctx.actor.userId, before.kind, input)) };
  if (before.kind === "meeting" && input.startsAt && !input.occurredAt)
    columns.occurred_at = new Date(input.startsAt);
  if (input.ownerId) columns.owner_id = input.ownerId;
  const after = await patchRow(trx, "activities", id, columns);
  const beforeLinks = (await activityLinksOf(trx, [id])).get(id) ?? [];
  const afterLinks = links ?? beforeLinks;
  if (links || after.occurred_at.getTime() !== before.occurred_at.getTime()) {
    await writeActivityLinks(trx, id, after.occurred_at, afterLinks);
  }
  const changes = diff(activitySnapshot(before, beforeLinks), activitySnapshot(after, afterLinks));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: ctx.actor.userId, requestId: ctx.requestId },
      {
        entity: "activities",
        entityId: id,
        action: "update",
        changes,
      },
    );
  }
  return presentActivity(ctx.actor, after, afterLinks);
}

export async function deleteActivity(trx: Trx, ctx: RequestContext, id: string): Promise<void> {
  const before = await loadForWrite(trx, ctx, id, "delete");
  if (isSystemItem(before)) {
    throw ValidationError.field("id", "System items cannot be deleted.", "read_only");
  }
  await trx.updateTable("activities").set({ deleted_at: new Date() }).where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "activities",
      entityId: id,
      action: "delete",
      changes: { kind: { before: before.kind, after: null } },
    },
  );
}

/** 404 when the actor cannot read the activity, 403 when they can read it but may not `action` it. */
async function loadForWrite(trx: Trx, ctx: RequestContext, id: string, action: "update" | "delete") {
  const a = await findActivity(trx, ctx.actor, id, "read", { forUpdate: true });
  if (!a) throw new NotFoundError("Activity");
  if (!(await canActOnOwner(ctx.actor, "activities", action, a.owner_id, (u) => teamOf(trx, u)))) {
    throw new ForbiddenError("permission_denied", `Your role may not ${action} this activity.`);
  }
  return a;
}

export async function getActivity(db: Db, ctx: RequestContext, id: string): Promise<ActivityResponse> {
  // Independent reads, concurrent on the pool; the links are only used when the activity is readable.
  const [a, links] = await Promise.all([findActivity(db, ctx.actor, id, "read"), activityLinksOf(db, [id])]);
  if (!a) throw new NotFoundError("Activity");
  return presentActivity(ctx.actor, a, links.get(id) ?? []);
}

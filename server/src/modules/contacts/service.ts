import type { Kysely, Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { assertWritable, listFieldsFor } from "../../platform/access/fields.js";
import { requireAnyScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";
import { type FieldError, NotFoundError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import { planList } from "../../platform/query/list.js";
import { quickSearch } from "../../platform/query/quick-search.js";
import { type EntityListQuery, wantsTotal } from "../../platform/query/schemas.js";
import { duplicateWarnings, findDuplicates } from "../../platform/records/duplicates.js";
import { userLanguage } from "../../platform/records/users.js";
import {
  defaultRegion,
  normalizePhones,
  type PhoneValue,
  withJsonText,
} from "../../platform/records/values.js";
import { assertVersion } from "../../platform/records/versions.js";
import {
  assertCanWrite,
  checkLink,
  resolveOwner,
  throwIfErrors,
} from "../../platform/records/write-checks.js";
import { validateCustom } from "../custom-fields/module.js";
import { ensureTags, type WithTagList, withResolvedTags } from "../tags/module.js";
import { CONTACT_JSON_COLUMNS, contactColumns } from "./columns.js";
import { auditedContact, type ContactRow, loadMemberships, presentContact } from "./present.js";
import { findContact, findContactWithMemberships, listContacts, replaceMemberships } from "./repository.js";
import type { CreateContactInput, UpdateContactInput } from "./schemas.js";
import "./fields.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = "contacts";

export async function listContactsPage(
  db: Db,
  ctx: RequestContext,
  q: EntityListQuery & { deleted?: boolean; companyId?: string | undefined },
) {
  requireAnyScope(ctx.actor, ENTITY, "read");
  const plan = planList({
    actor: ctx.actor,
    entity: ENTITY,
    alias: "c",
    fields: await listFieldsFor(db, ENTITY, q),
    defaultSort: "name",
    params: q,
    search: await quickSearch(db, ctx.actor, ENTITY, "c", q.q),
  });
  const page = await listContacts(db, ctx.actor, plan, {
    deleted: q.deleted ?? false,
    withTotal: wantsTotal(q),
    companyId: q.companyId,
  });
  const memberships = await loadMemberships(
    db,
    page.items.map((r) => r.id),
  );
  return { ...page, items: page.items.map((r) => presentContact(ctx.actor, r, memberships.get(r.id) ?? [])) };
}

async function load(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  opts: { deleted?: boolean; lock?: boolean } = {},
) {
  const row = await findContact(trx, ctx.actor, id, opts);
  if (!row) throw new NotFoundError("Contact");
  return { row, companies: (await loadMemberships(trx, [id])).get(id) ?? [] };
}

export async function getContact(db: Db, ctx: RequestContext, id: string) {
  const found = await findContactWithMemberships(db, ctx.actor, id);
  if (!found) throw new NotFoundError("Contact");
  return presentContact(ctx.actor, found.row, found.companies);
}

async function columnsFrom(
  trx: Trx,
  ctx: RequestContext,
  input: WithTagList<UpdateContactInput>,
  errors: FieldError[],
  current?: ContactRow,
) {
  const { phones: phoneInput, ...rest } = input;
  let phones: PhoneValue[] | undefined;
  if (phoneInput) {
    const country = input.address?.country ?? (current?.address as { country?: string } | null)?.country;
    phones = normalizePhones(
      phoneInput,
      defaultRegion(country, await userLanguage(trx, ctx.actor.userId)),
      errors,
    );
  }
  const v = withJsonText(
    contactColumns({ ...rest, phones }, { current, consentOrigin: "manual" }, errors),
    CONTACT_JSON_COLUMNS,
  );
  for (const [i, m] of (input.companies ?? []).entries()) {
    await checkLink(trx, ctx.actor, "companies", m.companyId, `companies[${i}].companyId`, errors);
  }
  const custom = await validateCustom(
    trx,
    ENTITY,
    input.custom,
    current ? { actor: ctx.actor, existing: current.custom, recordId: current.id } : { actor: ctx.actor },
  );
  errors.push(...custom.errors);
  if (input.custom !== undefined || !current) v.custom = JSON.stringify(custom.custom);
  return v;
}

export async function createContact(trx: Trx, ctx: RequestContext, input: CreateContactInput) {
  const { actor } = ctx;
  requireAnyScope(actor, ENTITY, "create");
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, null, errors);
  const values = await columnsFrom(trx, ctx, input, errors);
  throwIfErrors(errors);
  const row = await trx
    .insertInto("contacts")
    .values({ ...values, owner_id: ownerId, created_by: actor.userId } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  await replaceMemberships(trx, row.id, input.companies ?? []);
  await ensureTags(trx, row.tags, actor.userId);
  const companies = (await loadMemberships(trx, [row.id])).get(row.id) ?? [];
  await recordChange(
    trx,
    { actorId: actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: row.id,
      action: "create",
      changes: diff({}, auditedContact(row, companies)),
    },
  );
  const matches = await findDuplicates(trx, actor, ENTITY, {
    name: row.name,
    city: row.city,
    phoneE164: row.phone_e164,
    emails: row.email_values,
    excludeId: row.id,
  });
  return { ...presentContact(actor, row, companies), warnings: duplicateWarnings(matches) };
}

export async function updateContact(trx: Trx, ctx: RequestContext, id: string, update: UpdateContactInput) {
  const { actor } = ctx;
  const before = await load(trx, ctx, id, { lock: true });
  await assertCanWrite(actor, ENTITY, "update", before.row.owner_id, trx);
  assertVersion(before.row.version, ctx.ifMatch);
  const input = withResolvedTags(update, before.row.tags);
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, before.row.owner_id, errors);
  const values = await columnsFrom(trx, ctx, input, errors, before.row);
  throwIfErrors(errors);
  const row = await trx
    .updateTable("contacts")
    .set({ ...values, owner_id: ownerId } as never)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.companies) await replaceMemberships(trx, id, input.companies);
  await ensureTags(trx, row.tags, actor.userId);
  const companies = (await loadMemberships(trx, [id])).get(id) ?? [];
  const changes = diff(auditedContact(before.row, before.companies), auditedContact(row, companies));
  if (Object.keys(changes).length > 0) {
    await recordChange(
      trx,
      { actorId: actor.userId, requestId: ctx.requestId },
      {
        entity: ENTITY,
        entityId: id,
        ...(changes.ownerId && Object.keys(changes).length === 1
          ? { action: "reassign" as const, changes: { ownerId: changes.ownerId } }
          : { action: "update" as const, changes }),
      },
    );
  }
  return presentContact(actor, row, companies);
}

export async function setContactDeleted(trx: Trx, ctx: RequestContext, id: string, deleted: boolean) {
  const { row, companies } = await load(trx, ctx, id, { deleted: !deleted, lock: true });
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  const after = await trx
    .updateTable("contacts")
    .set({ deleted_at: deleted ? new Date() : null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: id,
      ...(deleted ? { action: "delete" as const } : { action: "restore" as const }),
      changes: { name: row.name },
    },
  );
  return presentContact(ctx.actor, after, companies);
}

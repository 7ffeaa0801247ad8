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
import type { AddressValue } from "../../platform/records/values.js";
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
import { COMPANY_JSON_COLUMNS, companyColumns } from "./columns.js";
import { auditedCompany, type CompanyRow, presentCompany } from "./present.js";
import { findCompany, listCompanies, wouldCycle } from "./repository.js";
import type { CreateCompanyInput, UpdateCompanyInput } from "./schemas.js";
import "./fields.js";

type Trx = Transaction<DB>;
/** Reads run on the pool (no BEGIN/COMMIT) or inside a caller's transaction. */
type Db = Kysely<DB> | Transaction<DB>;
const ENTITY = "companies";

export async function listCompaniesPage(
  db: Db,
  ctx: RequestContext,
  q: EntityListQuery & { deleted?: boolean },
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
  const page = await listCompanies(db, ctx.actor, plan, {
    deleted: q.deleted ?? false,
    withTotal: wantsTotal(q),
  });
  return { ...page, items: page.items.map((r) => presentCompany(ctx.actor, r)) };
}

export async function getCompany(db: Db, ctx: RequestContext, id: string) {
  const row = await findCompany(db, ctx.actor, id);
  if (!row) throw new NotFoundError("Company");
  return presentCompany(ctx.actor, row);
}

/** Normalized column values for the parts of the input that are present (shared by create and update). */
async function columnsFrom(
  trx: Trx,
  ctx: RequestContext,
  input: WithTagList<UpdateCompanyInput>,
  errors: FieldError[],
  current?: CompanyRow,
) {
  const { phones: phoneInput, ...rest } = input;
  let phones: PhoneValue[] | undefined;
  if (phoneInput) {
    const addresses = input.addresses ?? (current?.addresses as AddressValue[] | undefined) ?? [];
    const region = defaultRegion(
      addresses.find((a) => a.country)?.country,
      await userLanguage(trx, ctx.actor.userId),
    );
    phones = normalizePhones(phoneInput, region, errors);
  }
  const v = withJsonText(companyColumns({ ...rest, phones }, errors), COMPANY_JSON_COLUMNS);
  if (input.parentCompanyId) {
    await checkLink(trx, ctx.actor, ENTITY, input.parentCompanyId, "parentCompanyId", errors);
    if (current && (await wouldCycle(trx, current.id, input.parentCompanyId))) {
      errors.push({
        field: "parentCompanyId",
        message: "A company cannot be its own ancestor.",
        code: "parent_cycle",
      });
    }
  }
  const custom = await validateCustom(trx, ENTITY, input.custom, {
    actor: ctx.actor,
    ...(current ? { existing: current.custom, recordId: current.id } : {}),
  });
  errors.push(...custom.errors);
  if (input.custom !== undefined || !current) v.custom = JSON.stringify(custom.custom);
  return v;
}

export async function createCompany(trx: Trx, ctx: RequestContext, input: CreateCompanyInput) {
  const { actor } = ctx;
  requireAnyScope(actor, ENTITY, "create");
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, null, errors);
  const values = await columnsFrom(trx, ctx, input, errors);
  throwIfErrors(errors);
  const row = await trx
    .insertInto("companies")
    .values({ ...(values as { name: string }), owner_id: ownerId, created_by: actor.userId } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ensureTags(trx, row.tags, actor.userId);
  await recordChange(
    trx,
    { actorId: actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: row.id,
      action: "create",
      changes: diff({}, auditedCompany(row)),
    },
  );
  const matches = await findDuplicates(trx, actor, ENTITY, {
    name: row.name,
    city: row.city,
    phoneE164: row.phone_e164,
    emails: row.email_values,
    taxIds: row.tax_id_values,
    excludeId: row.id,
  });
  return { ...presentCompany(actor, row), warnings: duplicateWarnings(matches) };
}

export async function updateCompany(trx: Trx, ctx: RequestContext, id: string, update: UpdateCompanyInput) {
  const { actor } = ctx;
  const before = await findCompany(trx, actor, id, { lock: true });
  if (!before) throw new NotFoundError("Company");
  await assertCanWrite(actor, ENTITY, "update", before.owner_id, trx);
  assertVersion(before.version, ctx.ifMatch);
  const input = withResolvedTags(update, before.tags);
  assertWritable(actor, ENTITY, input);
  const errors: FieldError[] = [];
  const ownerId = await resolveOwner(trx, actor, ENTITY, input.ownerId, before.owner_id, errors);
  const values = await columnsFrom(trx, ctx, input, errors, before);
  throwIfErrors(errors);
  const after = await trx
    .updateTable("companies")
    .set({ ...values, owner_id: ownerId } as never)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ensureTags(trx, after.tags, actor.userId);
  const changes = diff(auditedCompany(before), auditedCompany(after));
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
  return presentCompany(actor, after);
}

export async function deleteCompany(trx: Trx, ctx: RequestContext, id: string) {
  const row = await findCompany(trx, ctx.actor, id, { lock: true });
  if (!row) throw new NotFoundError("Company");
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  await trx.updateTable("companies").set({ deleted_at: new Date() }).where("id", "=", id).execute();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: id,
      action: "delete",
      changes: { name: row.name },
    },
  );
}

export async function restoreCompany(trx: Trx, ctx: RequestContext, id: string) {
  const row = await findCompany(trx, ctx.actor, id, { deleted: true, lock: true });
  if (!row) throw new NotFoundError("Company");
  await assertCanWrite(ctx.actor, ENTITY, "delete", row.owner_id, trx);
  assertVersion(row.version, ctx.ifMatch);
  const after = await trx
    .updateTable("companies")
    .set({ deleted_at: null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: ENTITY,
      entityId: id,
      action: "restore",
      changes: { name: row.name },
    },
  );
  return presentCompany(ctx.actor, after);
}

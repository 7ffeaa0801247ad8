import { entityDefinition, registerEntity } from "../../platform/access/entities.js";
import type { Database } from "../../platform/db/database.js";
import "../companies/fields.js";
import "../contacts/fields.js";

/** Direct inserts of CRM records for timeline/search/my-day tests (the CRM modules own the real API). */
export function ensureCrmEntities(): void {
  if (!entityDefinition("deals")) registerEntity("deals", { table: "deals", ownerColumn: "owner_id" });
}

export async function insertCompany(db: Database, ownerId: string, values: Record<string, unknown> = {}) {
  const r = await db
    .insertInto("companies")
    .values({ name: "Company", owner_id: ownerId, ...values } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertContact(db: Database, ownerId: string, values: Record<string, unknown> = {}) {
  const r = await db
    .insertInto("contacts")
    .values({ name: "Contact", owner_id: ownerId, ...values } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function linkContactToCompany(db: Database, contactId: string, companyId: string) {
  await db
    .insertInto("contact_companies")
    .values({ contact_id: contactId, company_id: companyId } as never)
    .execute();
}

export async function insertPipeline(db: Database) {
  const p = await db
    .insertInto("pipelines")
    .values({ name: `P ${Math.random().toString(36).slice(2, 7)}` } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  const stages: string[] = [];
  for (const [i, name, kind] of [
    [0, "New", "open"],
    [1, "Proposal", "open"],
    [2, "Won", "won"],
  ] as const) {
    const s = await db
      .insertInto("pipeline_stages")
      .values({ pipeline_id: p.id, name, position: i, probability: i * 40, kind } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    stages.push(s.id);
  }
  return { pipelineId: p.id, stages };
}

export async function insertDeal(
  db: Database,
  ownerId: string,
  pipeline: { pipelineId: string; stages: string[] },
  values: Record<string, unknown> = {},
) {
  const r = await db
    .insertInto("deals")
    .values({
      title: "Deal",
      owner_id: ownerId,
      pipeline_id: pipeline.pipelineId,
      stage_id: pipeline.stages[0],
      probability: 10,
      ...values,
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  return r.id;
}

import type { Selectable } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { Deal } from "./schemas.js";
import type { DealsTable } from "./tables.js";

export type DealRow = Selectable<DealsTable>;

export function dealFields(r: DealRow) {
  return {
    id: r.id,
    title: r.title,
    companyId: r.company_id,
    contactId: r.contact_id,
    amount: r.amount,
    currency: r.currency,
    pipelineId: r.pipeline_id,
    stageId: r.stage_id,
    probability: r.probability,
    probabilityManual: r.probability_manual,
    expectedCloseDate: r.expected_close_date,
    source: r.source,
    externalId: r.external_id,
    lostReason: r.lost_reason,
    stageEnteredAt: r.stage_entered_at.toISOString(),
    closedAt: r.closed_at ? r.closed_at.toISOString() : null,
    ownerId: r.owner_id,
    tags: r.tags,
    custom: r.custom,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    deletedAt: r.deleted_at ? r.deleted_at.toISOString() : null,
  };
}

export function presentDeal(actor: Actor, r: DealRow): Deal {
  return presentRecord(actor, "deals", r, dealFields(r));
}

export function auditedDeal(r: DealRow): Record<string, unknown> {
  const { createdAt, updatedAt, version, deletedAt, id, createdBy, stageEnteredAt, closedAt, ...rest } =
    dealFields(r);
  return rest;
}

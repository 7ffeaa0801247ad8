import type { Selectable } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { presentRecord } from "../../platform/records/permissions.js";
import type { Company } from "./schemas.js";
import type { CompaniesTable } from "./tables.js";

export type CompanyRow = Selectable<CompaniesTable>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** All fields of a company in API shape (before field rules). */
export function companyFields(r: CompanyRow) {
  return {
    id: r.id,
    name: r.name,
    legalName: r.legal_name,
    types: r.types,
    taxIds: r.tax_ids,
    industry: r.industry,
    size: r.size,
    website: r.website,
    addresses: r.addresses as unknown as Record<string, unknown>[],
    phones: r.phones,
    emails: r.emails,
    source: r.source,
    externalId: r.external_id,
    tags: r.tags,
    rating: r.rating,
    ownerId: r.owner_id,
    parentCompanyId: r.parent_company_id,
    custom: r.custom,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    deletedAt: iso(r.deleted_at),
  };
}

export function presentCompany(actor: Actor, r: CompanyRow): Company {
  return presentRecord(actor, "companies", r, companyFields(r));
}

/** The audited values of a company (no timestamps, which change on every write). */
export function auditedCompany(r: CompanyRow): Record<string, unknown> {
  const { createdAt, updatedAt, version, deletedAt, id, createdBy, ...rest } = companyFields(r);
  return rest;
}

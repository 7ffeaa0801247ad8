import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, type FieldError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import { companyColumns } from "../companies/module.js";
import { CREATE_DEFAULTS, type Values } from "./builder.js";
import { CustomRules } from "./custom.js";
import type { RefResolver } from "./refs.js";

/** Option `missingCompanies: create` needs permission to create companies. */
export function companyCreateForbidden(): AppError {
  const message =
    "You may not create companies, so the import cannot create the missing ones; link to existing companies only.";
  return new AppError(403, "company_create_forbidden", message, [
    { field: "body.options.missingCompanies", message, code: "company_create_forbidden" },
  ]);
}

export function mayCreateCompanies(actor: Actor): boolean {
  return scopeFor(actor, "companies", "create") !== "none";
}

export interface PlannedCompany {
  id: string;
  norm: string;
  refs: Set<string>;
  set: Record<string, unknown>;
  /** The companies' custom field defaults (like the API's create). */
  custom: Record<string, unknown>;
}

/**
 * Creates the companies a contacts import's Company column names and no readable company answers (option
 * `missingCompanies: create`): one per folded name (`tandem_search_norm`: case, accents, ё/е) in the whole file.
 * Batches are prepared one after the other, so the first batch naming a company plans it and later ones link
 * to it. A run commits a batch's new companies in a short transaction of their own before the batch is queued
 * for writing (`writeCompanies`), so batches written two at once never wait for each other's companies. A
 * planned company no row to be written links to is forgotten again (it is not created).
 */
export class NewCompanies {
  private byNorm = new Map<string, PlannedCompany>();
  private current: PlannedCompany[] = [];
  private readonly rules: CustomRules;

  constructor(
    db: Kysely<DB> | Transaction<DB>,
    private readonly refs: RefResolver,
  ) {
    this.rules = new CustomRules(db, "companies", refs);
  }

  async load(): Promise<void> {
    await this.rules.load();
  }

  /** Before the batch's rows are built: points every company ref that names no company at a planned one. */
  plan(rows: Values[]): void {
    for (const values of rows) {
      const ref = values.company;
      if (typeof ref !== "string" || !ref.trim() || this.refs.company(ref)) continue;
      const norm = this.refs.missingCompany(ref);
      if (!norm) continue;
      let planned = this.byNorm.get(norm);
      if (!planned) {
        planned = this.newCompany(ref, norm, values);
        this.byNorm.set(norm, planned);
        this.current.push(planned);
      } else if (this.current.includes(planned)) this.complete(planned, values);
      planned.refs.add(ref);
      this.refs.assignCompany(ref, planned.id);
    }
  }

  /**
   * The batch's planned companies the rows to be written link to that cannot be created like the API would:
   * a required custom field of companies without a default (company id → the field's key). Applies defaults.
   */
  async unfit(linked: Set<unknown>): Promise<Map<string, string>> {
    const planned = this.current.filter((p) => linked.has(p.id));
    const refused = await this.rules.finish(planned.map((p, i) => ({ rowNumber: i, custom: p.custom })));
    return new Map([...refused].map(([i, problem]) => [planned[i]?.id ?? "", problem.key]));
  }

  /** After the batch's rows are decided: the planned companies a row to be written links to (the batch's). */
  settle(linked: Set<unknown>): PlannedCompany[] {
    const creates = this.current.filter((p) => linked.has(p.id));
    for (const p of this.current) {
      if (linked.has(p.id)) continue;
      this.byNorm.delete(p.norm);
      for (const ref of p.refs) this.refs.assignCompany(ref, null);
    }
    this.current = [];
    return creates;
  }

  private newCompany(ref: string, norm: string, values: Values): PlannedCompany {
    return { id: randomUUID(), norm, refs: new Set(), set: columnsOf(ref.trim(), values), custom: {} };
  }

  /** A later row of the same batch gives what the first one did not (website, city). */
  private complete(planned: PlannedCompany, values: Values): void {
    const name = planned.set.name as string;
    const website = planned.set.website ?? values["company.website"];
    const city = planned.set.city ?? values["company.city"];
    if (website !== planned.set.website || city !== planned.set.city) {
      planned.set = columnsOf(name, { "company.website": website, "company.city": city });
    }
  }
}

function columnsOf(name: string, values: Values): Record<string, unknown> {
  const website = typeof values["company.website"] === "string" ? values["company.website"] : undefined;
  const city = typeof values["company.city"] === "string" ? values["company.city"] : undefined;
  const errors: FieldError[] = [];
  return companyColumns(
    {
      name,
      ...(website ? { website } : {}),
      ...(city ? { addresses: [{ kind: "actual", city }] } : {}),
    },
    errors,
  );
}

/**
 * Commits a batch's new companies (owned and created by the importer) in one transaction, journaled in
 * `import_companies` for the revert and counted in `companies_created`, with a `companies.import` change event.
 * `db` is the run's batch database, whose transactions first check the run still owns the import.
 */
export async function writeCompanies(
  db: Database,
  importId: string,
  actorId: string,
  creates: PlannedCompany[],
): Promise<void> {
  if (creates.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await insertCompanies(trx, importId, actorId, creates);
    await trx
      .updateTable("imports")
      .set({ companies_created: sql`companies_created + ${creates.length}` })
      .where("id", "=", importId)
      .execute();
  });
}

async function insertCompanies(
  trx: Transaction<DB>,
  importId: string,
  actorId: string,
  creates: PlannedCompany[],
): Promise<void> {
  const records = creates.map((p) => ({
    ...CREATE_DEFAULTS.companies,
    owner_id: actorId,
    ...p.set,
    custom: p.custom,
    created_by: actorId,
    id: p.id,
  }));
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const picks = sql.join(columns.map((c) => sql.ref(`x.${c}`)));
  await sql`insert into companies (${cols})
    select ${picks} from jsonb_populate_recordset(null::companies, ${JSON.stringify(records)}::jsonb) as x`.execute(
    trx,
  );
  const ids = records.map((r) => r.id);
  await sql`insert into import_companies (import_id, company_id)
    select ${importId}, unnest(${ids}::uuid[])`.execute(trx);
  await recordChange(
    trx,
    { actorId },
    {
      entity: "companies",
      entityId: importId,
      action: "import",
      changes: { importId, created: ids, updated: [] },
    },
  );
}

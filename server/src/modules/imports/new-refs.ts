import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../../platform/access/actor.js";
import { entityDefinition } from "../../platform/access/entities.js";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError } from "../../platform/errors.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { Values } from "./builder.js";
import { CustomRules } from "./custom.js";
import { importSpec } from "./declared.js";
import { type RefResolver, refKey } from "./refs.js";

/** Option `missingCompanies: create` needs permission to create the referenced entity's records. */
export function createForbidden(ref: string): AppError {
  const plural = entityDefinition(ref)?.labels.en.plural.toLowerCase() ?? ref;
  const message = `You may not create ${plural}, so the import cannot create the missing ones; link to existing ${plural} only.`;
  return new AppError(403, "company_create_forbidden", message, [
    { field: "body.options.missingCompanies", message, code: "company_create_forbidden" },
  ]);
}

export function mayCreate(actor: Actor, ref: string): boolean {
  return scopeFor(actor, ref, "create") !== "none";
}

export interface PlannedRecord {
  id: string;
  norm: string;
  /** The name the first ref gave (trimmed). */
  name: string;
  /** The keys (`refKey`) of the refs pointed at it. */
  refs: Set<string>;
  set: Record<string, unknown>;
  /** The referenced entity's custom field defaults (like the API's create). */
  custom: Record<string, unknown>;
  /** The rows' `<key>.<x>` values it was planned with (`website`, `city`). */
  companion: Record<string, unknown>;
}

/**
 * Creates the records a reference column names and no readable record answers (a contacts file's Company
 * column, option `missingCompanies: create`): one per folded name (the referenced entity's `lookup.find`
 * gives it: `tandem_search_norm`, case, accents, ё/е) in the whole file, with columns from the entity's
 * `lookup.fromReference` and the row's `<key>.<x>` values (`company.website`). Batches are prepared one after
 * the other, so the first batch naming a record plans it and later ones link to it. A run commits a batch's
 * new records in a short transaction of their own before the batch is queued for writing (`writeNewRecords`),
 * so batches written two at once never wait for each other's. A planned record no row to be written links to
 * is forgotten again (it is not created).
 */
export class NewReferences {
  private byNorm = new Map<string, PlannedRecord>();
  private current: PlannedRecord[] = [];
  private currentIds = new Set<string>();
  private readonly rules: CustomRules;
  private readonly ref: string;

  constructor(
    db: Kysely<DB> | Transaction<DB>,
    private readonly refs: RefResolver,
    /** The reference target (`company`) and the entity it names. */
    private readonly target: { key: string; ref: string },
  ) {
    this.ref = target.ref;
    this.rules = new CustomRules(db, target.ref, refs);
  }

  async load(): Promise<void> {
    await this.rules.load();
  }

  /** Before the batch's rows are built: points every ref that names no record at a planned one. */
  plan(rows: Values[]): void {
    for (const values of rows) {
      const ref = values[this.target.key];
      if (typeof ref !== "string") continue;
      const key = refKey(ref);
      if (!key || this.refs.refByKey(this.ref, key)) continue;
      const norm = this.refs.missingRef(this.ref, key);
      if (!norm) continue;
      let planned = this.byNorm.get(norm);
      if (!planned) {
        planned = this.newRecord(ref, norm, values);
        this.byNorm.set(norm, planned);
        this.current.push(planned);
        this.currentIds.add(planned.id);
      } else if (this.currentIds.has(planned.id)) this.complete(planned, values);
      planned.refs.add(key);
      this.refs.assignRef(this.ref, key, planned.id);
    }
  }

  /**
   * The batch's planned records the rows to be written link to that cannot be created like the API would:
   * a required custom field without a default (record id → the field's key). Applies defaults.
   */
  async unfit(linked: Set<unknown>): Promise<Map<string, string>> {
    const planned = this.current.filter((p) => linked.has(p.id));
    const refused = await this.rules.finish(planned.map((p, i) => ({ rowNumber: i, custom: p.custom })));
    return new Map([...refused].map(([i, problem]) => [planned[i]?.id ?? "", problem.key]));
  }

  /** After the batch's rows are decided: the planned records a row to be written links to (the batch's). */
  settle(linked: Set<unknown>): PlannedRecord[] {
    const creates = this.current.filter((p) => linked.has(p.id));
    for (const p of this.current) {
      if (linked.has(p.id)) continue;
      this.byNorm.delete(p.norm);
      for (const ref of p.refs) this.refs.assignRef(this.ref, ref, null);
    }
    this.current = [];
    this.currentIds.clear();
    return creates;
  }

  /** Whether `id` is a record this batch plans. */
  isPlanned(id: unknown): boolean {
    return typeof id === "string" && this.currentIds.has(id);
  }

  /** The words a refusal names the referenced records with ("company"). */
  get noun(): string {
    return entityDefinition(this.ref)?.labels.en.singular.toLowerCase() ?? this.ref;
  }

  private newRecord(ref: string, norm: string, values: Values): PlannedRecord {
    const companion = this.companion(values);
    return {
      id: randomUUID(),
      norm,
      name: ref.trim(),
      refs: new Set(),
      set: this.columnsOf(ref.trim(), companion),
      custom: {},
      companion,
    };
  }

  /** A later row of the same batch gives what the first one did not (`company.website`, `company.city`). */
  private complete(planned: PlannedRecord, values: Values): void {
    const more = this.companion(values);
    let changed = false;
    for (const [k, v] of Object.entries(more)) {
      if (planned.companion[k] === undefined) {
        planned.companion[k] = v;
        changed = true;
      }
    }
    if (changed) planned.set = this.columnsOf(planned.name, planned.companion);
  }

  /** The row's `<key>.<x>` values by `x`. */
  private companion(values: Values): Record<string, unknown> {
    const prefix = `${this.target.key}.`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values))
      if (k.startsWith(prefix) && v !== "" && v !== undefined) out[k.slice(prefix.length)] = v;
    return out;
  }

  private columnsOf(name: string, companion: Record<string, unknown>): Record<string, unknown> {
    const from = importSpec(this.ref).lookup?.fromReference;
    return from ? from(name, companion) : { name };
  }
}

/**
 * Commits a batch's new records (owned and created by the importer) in one transaction, journaled in
 * `import_created_records` for the revert and counted in `companies_created`, with an `<entity>.import` change event.
 * `db` is the run's batch database, whose transactions first check the run still owns the import.
 */
export async function writeNewRecords(
  db: Database,
  ref: string,
  importId: string,
  actorId: string,
  creates: PlannedRecord[],
): Promise<void> {
  if (creates.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await insertRecords(trx, ref, importId, actorId, creates);
    await trx
      .updateTable("imports")
      .set({ companies_created: sql`companies_created + ${creates.length}` })
      .where("id", "=", importId)
      .execute();
  });
}

async function insertRecords(
  trx: Transaction<DB>,
  ref: string,
  importId: string,
  actorId: string,
  creates: PlannedRecord[],
): Promise<void> {
  const records = creates.map((p) => ({
    ...importSpec(ref).createDefaults,
    owner_id: actorId,
    ...p.set,
    custom: p.custom,
    created_by: actorId,
    id: p.id,
  }));
  const table = sql.table(entityDefinition(ref)?.table ?? ref);
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const picks = sql.join(columns.map((c) => sql.ref(`x.${c}`)));
  await sql`insert into ${table} (${cols})
    select ${picks} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(records)}::jsonb) as x`.execute(
    trx,
  );
  const ids = records.map((r) => r.id);
  await sql`insert into import_created_records (import_id, record_id)
    select ${importId}, unnest(${ids}::uuid[])`.execute(trx);
  await recordChange(
    trx,
    { actorId },
    { entity: ref, entityId: importId, action: "import", changes: { importId, created: ids, updated: [] } },
  );
}

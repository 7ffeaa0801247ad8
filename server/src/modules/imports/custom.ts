import { type Kysely, sql, type Transaction } from "kysely";
import { entityDefinition } from "../../platform/access/entities.js";
import type { DB } from "../../platform/db/schema.js";
import { activeDefinitions, checkCustomValue, type Definition } from "../custom-fields/module.js";
import type { ImportEntity } from "./fields.js";
import type { RefResolver } from "./refs.js";
import type { PhoneParsed } from "./validate.js";

type Db = Kysely<DB> | Transaction<DB>;
type Custom = Record<string, unknown>;
export interface CustomProblem {
  key: string;
  reason: string;
}

/**
 * The API's custom-field rules (custom-fields/values.ts) applied to an import, set-based per batch: the cell
 * values are normalized with `checkCustomValue`, `user` cells name an active user by email and `link` cells a
 * readable record by id or name (one query per batch and kind), new records get the fields' defaults and must
 * fill required fields, and unique fields are checked against stored records (one query per unique field and
 * batch) and against earlier rows of the same file.
 */
export class CustomRules {
  private defs: Definition[] = [];
  private readonly seenUnique = new Map<string, Map<string, number>>();

  constructor(
    private readonly db: Db,
    private readonly entity: ImportEntity,
    private readonly refs: RefResolver,
  ) {}

  async load(): Promise<void> {
    this.defs = await activeDefinitions(this.db, this.entity);
  }

  /**
   * Looks up the users and linked records the batch's cells name; `rows` are the parsed rows (custom values
   * under `custom.<key>`), read only for user and link fields.
   */
  async prepare(rows: Record<string, unknown>[]): Promise<void> {
    const strings = (key: string) =>
      rows.flatMap((r) => {
        const v = r[`custom.${key}`];
        return typeof v === "string" ? [v] : [];
      });
    const users = this.defs.filter((d) => d.type === "user").flatMap((d) => strings(d.key));
    if (users.length) await this.refs.loadUsers(users);
    for (const d of this.defs.filter((x) => x.type === "link")) {
      const refs = strings(d.key);
      if (refs.length) await this.refs.loadLinks(d.link_entity ?? "", refs);
    }
  }

  /** Normalizes one row's values in place; the first problem, if any. */
  normalize(custom: Custom): CustomProblem | null {
    for (const [key, raw] of Object.entries(custom)) {
      const def = this.defs.find((d) => d.key === key);
      if (!def) return { key, reason: "Unknown custom field." };
      let v: unknown = raw;
      if (def.type === "user") {
        v = this.refs.user(String(raw));
        if (!v) return { key, reason: `No active user with the email "${raw}".` };
      } else if (def.type === "link") {
        v = this.refs.link(def.link_entity ?? "", String(raw));
        if (!v) return { key, reason: `No ${def.link_entity} "${raw}" that you may see.` };
      } else if (def.type === "phone") v = (raw as PhoneParsed).e164 ?? (raw as PhoneParsed).raw;
      const r = checkCustomValue(def, v);
      if (typeof r === "string") return { key, reason: r };
      custom[key] = r.ok;
    }
    return null;
  }

  /**
   * Applies defaults and the required rule to new records and checks unique fields for the rows about to be
   * written (`id` = the record an update writes to). Returns the problem of each refused row.
   */
  async finish(
    rows: Array<{ rowNumber: number; custom: Custom; id?: string }>,
  ): Promise<Map<number, CustomProblem>> {
    const refused = new Map<number, CustomProblem>();
    for (const row of rows) {
      if (row.id) continue;
      for (const def of this.defs) {
        if (
          row.custom[def.key] === undefined &&
          def.default_value !== null &&
          def.default_value !== undefined
        ) {
          row.custom[def.key] = def.default_value;
        }
        const v = row.custom[def.key];
        if (def.required && (v === undefined || v === "" || (Array.isArray(v) && v.length === 0))) {
          refused.set(row.rowNumber, { key: def.key, reason: "This field is required." });
          break;
        }
      }
    }
    const table = entityDefinition(this.entity)?.table ?? this.entity;
    for (const def of this.defs.filter((d) => d.is_unique)) {
      const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
      const candidates = rows.filter((r) => !refused.has(r.rowNumber) && r.custom[def.key] !== undefined);
      if (candidates.length === 0) continue;
      const values = [...new Set(candidates.map((r) => text(r.custom[def.key])))];
      // `custom ? key` matches the predicate of the field's UNIQUE partial index, so this is an index lookup.
      const stored = await sql<{ id: string; v: string }>`
        select id, custom->>${sql.lit(def.key)} as v from ${sql.table(table)}
        where custom->>${sql.lit(def.key)} = any(${values}::text[]) and deleted_at is null
          and custom ? ${sql.lit(def.key)}`.execute(this.db);
      const holders = new Map<string, string[]>();
      for (const s of stored.rows) holders.set(s.v, [...(holders.get(s.v) ?? []), s.id]);
      const seen = this.seenUnique.get(def.key) ?? new Map<string, number>();
      this.seenUnique.set(def.key, seen);
      for (const r of candidates) {
        const v = text(r.custom[def.key]);
        const earlier = seen.get(v);
        if ((holders.get(v) ?? []).some((id) => id !== r.id)) {
          refused.set(r.rowNumber, { key: def.key, reason: "Another record already has this value." });
        } else if (earlier !== undefined && earlier !== r.rowNumber) {
          refused.set(r.rowNumber, {
            key: def.key,
            reason: `Row ${earlier} of this file has the same value.`,
          });
        } else seen.set(v, r.rowNumber);
      }
    }
    return refused;
  }
}

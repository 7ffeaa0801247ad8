import type { Kysely, Transaction } from "kysely";
import type { Actor } from "../access/actor.js";
import type { DB } from "../db/schema.js";

/**
 * How an entity is imported from CSV/XLSX/vCard, declared in its definition (`capabilities.import`) and read
 * by the imports module, which knows no entity: the columns a file may fill, how a row's parsed values become
 * the entity's columns (through the entity's own write rules), what identifies a duplicate, how other files
 * refer to its records (`lookup`) and the set-based hooks around a batch's writes (`import-hooks` below).
 */
export type ImportKind =
  | "text"
  | "longText"
  | "email"
  | "phone"
  | "date"
  | "dateTime"
  | "number"
  | "decimal"
  | "currency"
  | "url"
  | "tags"
  | "select"
  | "multiSelect"
  | "boolean"
  | "owner"
  | "company"
  | "contact"
  | "pipeline"
  | "stage"
  | "taxId"
  | "user"
  | "link"
  | "percent"
  | "language"
  | "country";

type Db = Kysely<DB> | Transaction<DB>;

/** One column a file may fill: most keys are the entity's API field keys. */
export interface ImportTarget {
  key: string;
  label: string;
  kind: ImportKind;
  max?: number;
  options?: readonly string[];
  /** The API field whose field-level rule governs this import key (e.g. `phone` → `phones`). */
  ruleKey?: string;
  /** The entity whose field rules govern it, when not the imported one (`company.website` on contacts). */
  ruleEntity?: string;
  /** A reference: the cell names a record of this entity, found by that entity's `lookup` (set-based per batch). */
  ref?: string;
  /**
   * With `ref`: with the option `missingCompanies: create` a cell naming no record creates one (once per folded
   * name in the file) through the referenced entity's `lookup.fromReference`, with the row's `<key>.<x>` values.
   */
  createsMissing?: boolean;
  /** Field keys a column header may also mean it by (a companies file's Company column is the `name`). */
  aliases?: readonly string[];
}

export type ImportMatchKey = "email" | "phone" | "taxId" | "name" | "externalId";

/** A parsed phone cell (`phone` kind). */
export interface ImportedPhone {
  raw: string;
  e164: string | null;
  extension?: string;
}

/**
 * A row's columns (`set`: only those it fills; keys starting with `_` are no columns, only the hooks read them),
 * and `given`: the row's values in the entity's API shape, for `beforeUpdate` to derive again against the
 * stored record. Or the field it is refused for and why.
 */
export type ImportBuild =
  | { set: Record<string, unknown>; given?: unknown }
  | { field: string; error: string };

/** What `build` may ask of the import: the records reference cells name, the time, what `load` returned. */
export interface ImportRowContext {
  /** The record the reference target `key`'s cell `value` names (null: none, or no value). */
  ref(key: string, value: unknown): string | null;
  now: Date;
  loaded: unknown;
}

/** A batch's row the import updates: the matched record's id, its built columns (adjustable in place). */
export interface ImportUpdate {
  id: string;
  rowNumber: number;
  set: Record<string, unknown>;
  given?: unknown;
}

/** Rows refused by a hook: row number → the field reported and why. */
export type ImportRefusals = Map<number, { field: string; reason: string }>;

/** How other entities' files name this entity's records (a contact's or deal's Company column). */
export interface ImportLookup {
  /**
   * One query or a few per batch: for every ref (trimmed, lowercased), the readable record it names (null: none)
   * and the key under which refs name one new record (`fold`: the name as search folds it).
   */
  find(db: Db, actor: Actor, refs: string[]): Promise<Map<string, { id: string | null; fold?: string }>>;
  /** A record created for a reference that names none: its columns from the name and the row's `<key>.<x>` values. */
  fromReference?(name: string, companion: Record<string, unknown>): Record<string, unknown>;
}

export interface EntityImport {
  targets: readonly ImportTarget[];
  /** Import keys an invalid value of which rejects the row even when invalid values are dropped. */
  required: readonly string[];
  /** The column compared (folded) for the `name` match key. */
  nameColumn: string;
  /** What finds an existing record (`name`: `nameColumn`, `externalId`: `external_id`); the first is the default. */
  matchKeys: readonly ImportMatchKey[];
  /**
   * A row's parsed values by import key → the entity's column values, through the same rules its API applies;
   * only the columns the row fills. The importer itself fills `owner_id` (from `owner`), `tags` and `custom`.
   */
  build(values: Record<string, unknown>, ctx: ImportRowContext): ImportBuild;
  /**
   * Column values a new record takes when its row did not fill them: the NOT NULL columns' defaults (a batch is
   * inserted naming every column some row of it fills, so the table's own defaults do not apply).
   */
  createDefaults: Record<string, unknown>;
  /** Columns an update may not change. */
  notUpdated?: readonly string[];
  /** Every column an import can write (what a revert restores). */
  writable: readonly string[];
  /** Live records' unique columns (`sku`, `external_id`): a row taking a value another record holds is refused. */
  unique?: readonly { key: string; column: string; label?: string }[];
  /** The table has `search_pending`, so a large run may defer search indexing. Default false. */
  deferSearch?: boolean;
  /** How other files' reference cells find this entity's records. */
  lookup?: ImportLookup;
  /** Once per import before its first row: what `build` reads as `ctx.loaded` (a deal's pipelines and stages). */
  load?(db: Db): Promise<unknown>;
  /** A row that may update a record but not create one (a new deal needs a company or a contact). */
  refuseCreate?(set: Record<string, unknown>): { field: string; reason: string } | null;
  /**
   * Before a batch's updates are written, set-based (a query or two per batch): derive columns again against the
   * stored records the way the API's update does (adjusting `set` in place) and refuse the rows it would refuse.
   */
  beforeUpdate?(db: Db, rows: ImportUpdate[], now: Date): Promise<ImportRefusals>;
  /** In the batch's transaction after its records are inserted: the rows beside them (links, stage history). */
  afterInsert?(
    trx: Transaction<DB>,
    rows: { id: string; set: Record<string, unknown> }[],
    actorId: string,
  ): Promise<void>;
}

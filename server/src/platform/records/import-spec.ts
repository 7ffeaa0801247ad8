/**
 * How an entity is imported from CSV/XLSX/vCard, declared in its definition (`capabilities.import`) and read
 * by the imports module, which knows no entity: the columns a file may fill, how a row's parsed values become
 * the entity's columns (through the entity's own write rules), and what identifies a duplicate.
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
}

export type ImportMatchKey = "email" | "phone" | "taxId" | "name" | "externalId";

export type ImportBuild = { set: Record<string, unknown> } | { field: string; error: string };

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
  build(values: Record<string, unknown>): ImportBuild;
  /**
   * Column values a new record takes when its row did not fill them: the NOT NULL columns' defaults (a batch is
   * inserted naming every column some row of it fills, so the table's own defaults do not apply).
   */
  createDefaults: Record<string, unknown>;
  /** Columns an update may not change. */
  notUpdated?: readonly string[];
  /** Every column an import can write (what a revert restores). */
  writable: readonly string[];
  /** Live records' unique columns (`sku`): a row taking a value another record holds is refused. */
  unique?: readonly { key: string; column: string }[];
  /** The table has `search_pending`, so a large run may defer search indexing. Default false. */
  deferSearch?: boolean;
}

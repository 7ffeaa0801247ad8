import { type Kysely, sql } from "kysely";

/**
 * Deferred fuzzy-search indexing (`platform/records/search-backlog.ts`). Every searchable table gets
 * `search_pending boolean`: a bulk writer (an import) inserts its rows with `true`, and the fuzzy-search indexes
 * (trigram on names, e-mails, phone digits; full text) become partial on `NOT search_pending`, so such an insert
 * skips them — they were ~80 % of an import's insert cost. The `search.catch-up` job then sets the flag back
 * to false in batches, which enters the rows into those indexes. The exact lookups (e-mail, phone E.164, tax id
 * arrays, tags, names' b-trees) stay unconditional, so duplicate detection never waits.
 *
 * `<t>_search_pending` (b-tree on the pending rows only: empty when caught up) lets a filter that must see
 * every row read the pending ones beside the partial index, and the catch-up find its work.
 *
 * The `touch`/`version` triggers skip the catch-up's flip (true → false): it is no change of the record, so it
 * moves neither `updated_at` nor the version `If-Match` checks.
 */
const FUZZY: Array<[table: string, name: string, using: string, where: string]> = [
  [
    "contacts",
    "contacts_search_name_trgm",
    "gin (tandem_search_norm(name) gin_trgm_ops)",
    "deleted_at IS NULL",
  ],
  [
    "contacts",
    "contacts_search_email_trgm",
    "gin (tandem_search_join(email_values) gin_trgm_ops)",
    "deleted_at IS NULL",
  ],
  ["contacts", "contacts_search_fts_all", "gin (tandem_search_tsv(name, position))", "deleted_at IS NULL"],
  ["contacts", "contacts_phone_digits_trgm", "gin (phone_digits gin_trgm_ops)", "true"],
  [
    "companies",
    "companies_search_name_trgm",
    "gin (tandem_search_norm(name) gin_trgm_ops)",
    "deleted_at IS NULL",
  ],
  [
    "companies",
    "companies_search_legal_trgm",
    "gin (tandem_search_norm(legal_name) gin_trgm_ops)",
    "deleted_at IS NULL AND legal_name IS NOT NULL",
  ],
  [
    "companies",
    "companies_search_email_trgm",
    "gin (tandem_search_join(email_values) gin_trgm_ops)",
    "deleted_at IS NULL",
  ],
  [
    "companies",
    "companies_search_fts_all",
    "gin (tandem_search_tsv(name, legal_name))",
    "deleted_at IS NULL",
  ],
  ["companies", "companies_phone_digits_trgm", "gin (phone_digits gin_trgm_ops)", "true"],
  ["deals", "deals_search_title_trgm", "gin (tandem_search_norm(title) gin_trgm_ops)", "deleted_at IS NULL"],
  ["deals", "deals_search_fts", "gin (tandem_search_tsv(title))", "deleted_at IS NULL"],
  [
    "products",
    "products_search_name_trgm",
    "gin (tandem_search_norm(name) gin_trgm_ops)",
    "deleted_at IS NULL",
  ],
  ["products", "products_search_fts", "gin (tandem_search_tsv(name, sku))", "deleted_at IS NULL"],
];

const TABLES = ["contacts", "companies", "deals", "products"];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) {
    await sql
      .raw(`
      ALTER TABLE ${t} ADD COLUMN search_pending boolean NOT NULL DEFAULT false;
      CREATE INDEX ${t}_search_pending ON ${t} (id) WHERE search_pending;
      DROP TRIGGER ${t}_touch ON ${t};
      CREATE TRIGGER ${t}_touch BEFORE UPDATE ON ${t} FOR EACH ROW
        WHEN (NOT (OLD.search_pending AND NOT NEW.search_pending)) EXECUTE FUNCTION touch_updated_at();
      DROP TRIGGER ${t}_version ON ${t};
      CREATE TRIGGER ${t}_version BEFORE UPDATE ON ${t} FOR EACH ROW
        WHEN (NOT (OLD.search_pending AND NOT NEW.search_pending)) EXECUTE FUNCTION bump_record_version();
    `)
      .execute(db);
  }
  for (const [table, name, using, where] of FUZZY) {
    await sql
      .raw(`
      DROP INDEX IF EXISTS ${name};
      CREATE INDEX ${name} ON ${table} USING ${using} WHERE ${where === "true" ? "" : `${where} AND `}NOT search_pending;
    `)
      .execute(db);
  }
}

import { type Kysely, sql } from "kysely";

/**
 * The journal of records an import created for a reference column naming none (a contacts file's companies)
 * names no entity: `import_companies(import_id, company_id)` → `import_created_records(import_id, record_id)`;
 * the records are the referenced entity's (its `EntityImport` target's `ref`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE import_companies RENAME TO import_created_records;
    ALTER TABLE import_created_records RENAME COLUMN company_id TO record_id;
    ALTER INDEX import_companies_pkey RENAME TO import_created_records_pkey;
  `.execute(db);
}

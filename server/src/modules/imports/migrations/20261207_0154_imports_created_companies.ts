import { type Kysely, sql } from "kysely";

/**
 * Companies a contacts import created for its Company column (option `missingCompanies: create`): counted in
 * `companies_created`, journaled in `import_companies` so the import's revert deletes exactly those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE imports ADD COLUMN companies_created integer NOT NULL DEFAULT 0;
    CREATE TABLE import_companies (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      company_id uuid NOT NULL,
      PRIMARY KEY (import_id, company_id)
    );
  `.execute(db);
}

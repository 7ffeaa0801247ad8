import { type Kysely, sql } from "kysely";

/** Tasks and activities refuse an inactive owner in the database too, like the CRM records. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TRIGGER tasks_active_owner BEFORE INSERT OR UPDATE OF owner_id ON tasks
      FOR EACH ROW EXECUTE FUNCTION enforce_active_owner('owner_id');
    CREATE TRIGGER activities_active_owner BEFORE INSERT OR UPDATE OF owner_id ON activities
      FOR EACH ROW EXECUTE FUNCTION enforce_active_owner('owner_id');
  `.execute(db);
}

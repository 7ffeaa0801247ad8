import { type Kysely, sql } from "kysely";

/** Records can only be owned by active users (trigger function from handover migration 0310). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TRIGGER deals_active_owner BEFORE INSERT OR UPDATE OF owner_id ON deals
      FOR EACH ROW EXECUTE FUNCTION enforce_active_owner('owner_id');
  `.execute(db);
}

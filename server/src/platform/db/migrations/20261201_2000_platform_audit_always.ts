import { type Kysely, sql } from "kysely";

/**
 * Hardens the append-only audit log. The row and TRUNCATE triggers of `0002` fire `ALWAYS`, so a session that
 * sets `session_replication_role = replica` (which skips ordinary triggers) still cannot change or remove
 * history. Nobody but the owner gets UPDATE/DELETE/TRUNCATE. The owner (and any superuser) can still drop or
 * disable the triggers; docs/SECURITY.md#audit-log explains how to run the app as a separate, non-owner role.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update;
    ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_truncate;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
  `.execute(db);
}

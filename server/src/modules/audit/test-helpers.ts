import type { Database } from "../../platform/db/database.js";

/** The `permission.denied` rows written for one actor, oldest first. */
export const permissionDenials = (db: Database, actorId: string) =>
  db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", "permission.denied")
    .where("actor_id", "=", actorId)
    .orderBy("id")
    .execute();

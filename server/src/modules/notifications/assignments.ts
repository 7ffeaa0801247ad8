import { sql } from "kysely";
import type { ChangeBatch, ChangeEventPayload } from "../../platform/events/relay.js";
import type { AppDeps } from "../../platform/http/types.js";
import type { JobDefinition } from "../../platform/jobs/queue.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import { createNotification } from "./service.js";

export const ASSIGNMENT_CONSUMER = "notifications.assignments";

/** The new owner of a record, when the event made someone other than the actor responsible for it. */
export function newOwnerOf(e: ChangeEventPayload): string | null {
  const change = (e.changes.ownerId ?? e.changes.owner_id) as
    | { before?: unknown; after?: unknown }
    | undefined;
  if (!change || typeof change.after !== "string" || change.after === change.before) return null;
  if (change.after === e.actorId) return null;
  return change.after;
}

export async function recordTitle(deps: AppDeps, entity: string, id: string): Promise<string> {
  // The record's human title as its entity definition declares it (a column or an expression).
  const def = entityCatalog().get(entity);
  if (!def) return "";
  const title = typeof def.title === "string" ? sql.ref(`r.${def.title}`) : def.title("r");
  const r = await sql<{ title: string | null }>`
    select ${title}::text as title from ${sql.table(def.table)} as r where r.id = ${id}`.execute(deps.db);
  return r.rows[0]?.title ?? "";
}

/** Tells a user when a record (task, deal, company…) was assigned to them by someone else. */
export function assignmentConsumer(deps: AppDeps): JobDefinition<ChangeBatch> {
  return {
    name: ASSIGNMENT_CONSUMER,
    consumesChanges: true,
    async handler(jobs) {
      for (const job of jobs) {
        for (const e of job.data.events) {
          const owner = newOwnerOf(e);
          if (!owner) continue;
          const actor = e.actorId
            ? await deps.db.selectFrom("users").select("name").where("id", "=", e.actorId).executeTakeFirst()
            : undefined;
          await createNotification(deps.db, deps.jobs, {
            userId: owner,
            kind: "record.assigned",
            titleKey: "record.assigned",
            params: {
              actor: actor?.name ?? "Tandem",
              title: await recordTitle(deps, e.entity, e.entityId),
              entity: e.entity,
            },
            entity: e.entity,
            entityId: e.entityId,
            dedupeKey: `record.assigned:${e.id}`,
          });
        }
      }
    },
  };
}

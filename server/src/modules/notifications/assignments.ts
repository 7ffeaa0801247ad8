import { sql } from "kysely";
import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { AppDeps } from "../../platform/http/types.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { AppDeliveredEvent } from "../change-events.js";
import { createNotification } from "./service.js";

export const ASSIGNMENT_CONSUMER = "notifications.assignments";

/** Events that can make someone responsible for a record (`ownerId` among their changes). */
export const ASSIGNMENT_EVENTS = [
  "tasks.create",
  "tasks.update",
  "deals.create",
  "deals.update",
  "companies.create",
  "companies.update",
  "contacts.create",
  "contacts.update",
  "activities.create",
  "activities.update",
  "*.reassign",
  "*.merge",
] as const;

/** The new owner of a record, when the event made someone other than the actor responsible for it. */
export function newOwnerOf(e: AppDeliveredEvent): string | null {
  // Every event the consumer takes declares `ownerId` as a field change.
  const change = (e.changes as { ownerId?: { before: unknown; after: unknown } }).ownerId;
  if (!change || typeof change.after !== "string" || change.after === change.before) return null;
  if (change.after === e.actorId) return null;
  return change.after;
}

export async function recordTitle(deps: Pick<AppDeps, "db">, entity: string, id: string): Promise<string> {
  // The record's human title as its entity definition declares it (a column or an expression).
  const def = entityCatalog().get(entity);
  if (!def) return "";
  const title = typeof def.title === "string" ? sql.ref(`r.${def.title}`) : def.title("r");
  const r = await sql<{ title: string | null }>`
    select ${title}::text as title from ${sql.table(def.table)} as r where r.id = ${id}`.execute(deps.db);
  return r.rows[0]?.title ?? "";
}

/** Tells a user when a record (task, deal, company…) was assigned to them by someone else. */
export function assignmentConsumer(deps: AppDeps): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: ASSIGNMENT_CONSUMER,
    events: ASSIGNMENT_EVENTS,
    async handle(events, { trx }) {
      for (const e of events) {
        const owner = newOwnerOf(e);
        if (!owner) continue;
        const actor = e.actorId
          ? await trx.selectFrom("users").select("name").where("id", "=", e.actorId).executeTakeFirst()
          : undefined;
        await createNotification(trx, deps.jobs, {
          userId: owner,
          kind: "record.assigned",
          titleKey: "record.assigned",
          params: {
            actor: actor?.name ?? "Tandem",
            title: await recordTitle({ db: trx }, e.entity, e.entityId),
            entity: e.entity,
          },
          entity: e.entity,
          entityId: e.entityId,
          dedupeKey: `record.assigned:${e.id}`,
        });
      }
    },
  };
}

import { sql } from "kysely";
import type { ChangeConsumer } from "../../platform/events/consumer.js";
import type { AppDeps } from "../../platform/http/types.js";
import { entityCatalog } from "../../platform/records/catalog.js";
import type { AppDeliveredEvent } from "../change-events.js";
import { createNotifications } from "./service.js";

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
  return (await recordTitles(deps, entity, [id])).get(id) ?? "";
}

/** Records' human titles as their entity definition declares them (a column or an expression), by id. */
export async function recordTitles(
  deps: Pick<AppDeps, "db">,
  entity: string,
  ids: string[],
): Promise<Map<string, string>> {
  const def = entityCatalog().get(entity);
  if (!def || ids.length === 0) return new Map();
  const title = typeof def.title === "string" ? sql.ref(`r.${def.title}`) : def.title("r");
  const r = await sql<{ id: string; title: string | null }>`
    select r.id, ${title}::text as title from ${sql.table(def.table)} as r where r.id = any(${ids}::uuid[])`.execute(
    deps.db,
  );
  return new Map(r.rows.map((row) => [row.id, row.title ?? ""]));
}

/** Tells a user when a record (task, deal, company…) was assigned to them by someone else. */
export function assignmentConsumer(deps: AppDeps): ChangeConsumer<AppDeliveredEvent> {
  return {
    name: ASSIGNMENT_CONSUMER,
    events: ASSIGNMENT_EVENTS,
    batchSize: 2000,
    async handle(events, { trx }) {
      const assigned = events.flatMap((e) => {
        const owner = newOwnerOf(e);
        return owner ? [{ e, owner }] : [];
      });
      if (assigned.length === 0) return;
      // A batch (a bulk reassignment: thousands) costs a few statements, not a few per event.
      const actorIds = [...new Set(assigned.flatMap(({ e }) => (e.actorId ? [e.actorId] : [])))];
      const actors = new Map(
        actorIds.length
          ? (await trx.selectFrom("users").select(["id", "name"]).where("id", "in", actorIds).execute()).map(
              (u) => [u.id, u.name],
            )
          : [],
      );
      const titles = new Map<string, Map<string, string>>();
      for (const entity of new Set(assigned.map(({ e }) => e.entity))) {
        const ids = [...new Set(assigned.filter(({ e }) => e.entity === entity).map(({ e }) => e.entityId))];
        titles.set(entity, await recordTitles({ db: trx }, entity, ids));
      }
      await createNotifications(
        trx,
        deps.jobs,
        assigned.map(({ e, owner }) => ({
          userId: owner,
          kind: "record.assigned",
          titleKey: "record.assigned",
          params: {
            actor: (e.actorId && actors.get(e.actorId)) || "Tandem",
            title: titles.get(e.entity)?.get(e.entityId) ?? "",
            entity: e.entity,
          },
          entity: e.entity,
          entityId: e.entityId,
          dedupeKey: `record.assigned:${e.id}`,
        })),
      );
    },
  };
}

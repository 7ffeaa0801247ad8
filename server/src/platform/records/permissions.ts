import { z } from "zod";
import { type Actor, scopeFor } from "../access/actor.js";
import { stripHidden } from "../access/fields.js";
import { entityCatalog } from "./catalog.js";

/**
 * What the caller may do with one record, presented with it so clients do not re-implement the scope rules
 * (own = theirs, team = their team's, all): the same answer the write checks give, from the actor's team as read
 * at authentication. A read-only token may do nothing.
 */
export const recordPermissionsSchema = z
  .object({
    update: z.boolean(),
    delete: z.boolean(),
    assign: z.boolean().describe("May hand the record to another owner"),
    locked: z
      .literal(true)
      .optional()
      .describe("Nobody may change or delete this record, whatever their role (written by the system)"),
  })
  .describe("What the caller may do with this record (their role's scopes applied to its owner)");
export type RecordPermissions = z.infer<typeof recordPermissionsSchema>;

/**
 * The actor's rights on a record owned by `ownerId`; `undefined` = the entity has no owner, so any scope
 * but none covers every record.
 */
export function recordPermissions(
  actor: Actor,
  entity: string,
  ownerId: string | null | undefined,
): RecordPermissions {
  const may = (action: "update" | "delete" | "assign"): boolean => {
    if (actor.readOnly) return false;
    const scope = scopeFor(actor, entity, action);
    if (scope === "all") return true;
    if (scope === "none" || ownerId === null) return false;
    if (ownerId === undefined || ownerId === actor.userId) return true;
    return scope === "team" && (actor.teamUserIds?.includes(ownerId) ?? false);
  };
  return { update: may("update"), delete: may("delete"), assign: may("assign") };
}

/**
 * A record as the caller sees it: the API-shaped `fields` less what their role hides, with `permissions` from
 * the entity definition's write rule on the stored `row` — its owner (`ownerColumn`) and, for records declared
 * read-only (`readOnlyWhen`), no update or delete for anyone. Every entity's presenter goes through here, so each
 * record type answers the same rule (no per-entity code).
 */
export function presentRecord<T extends object>(
  actor: Actor,
  entity: string,
  row: object,
  fields: T,
): T & { permissions: RecordPermissions } {
  const def = entityCatalog().get(entity);
  const stored = row as Record<string, unknown>;
  const column = def?.ownerColumn ?? null;
  const ownerId = column === null ? undefined : ((stored[column] as string) ?? null);
  const permissions = recordPermissions(actor, entity, ownerId);
  const presented = def?.readOnlyWhen?.(stored)
    ? { ...permissions, update: false, delete: false, locked: true as const }
    : permissions;
  return { ...stripHidden(actor, entity, fields), permissions: presented };
}

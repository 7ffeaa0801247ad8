import { z } from "zod";
import { type Actor, scopeFor } from "../access/actor.js";

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
  })
  .describe("What the caller may do with this record (their role's scopes applied to its owner)");
export type RecordPermissions = z.infer<typeof recordPermissionsSchema>;

export function recordPermissions(actor: Actor, entity: string, ownerId: string | null): RecordPermissions {
  const may = (action: "update" | "delete" | "assign"): boolean => {
    if (actor.readOnly) return false;
    const scope = scopeFor(actor, entity, action);
    if (scope === "all") return true;
    if (scope === "none" || ownerId === null) return false;
    if (ownerId === actor.userId) return true;
    return scope === "team" && (actor.teamUserIds?.includes(ownerId) ?? false);
  };
  return { update: may("update"), delete: may("delete"), assign: may("assign") };
}

import { z } from "zod";
import { ACTIONS } from "../../platform/access/actor.js";
import { isoDateTime } from "../../platform/http/schemas.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import { ADMIN_PERMISSIONS } from "./default-roles.js";

const SCOPES = ["none", "own", "team", "all"] as const;

// Keys and values are checked by `validateRoleGrid` so each unknown one gets its own field error and code.
const permissions = z
  .record(z.string().max(100), z.record(z.string().max(100), z.string().max(20)))
  .describe(
    `Entity → action → scope. Entities: those of GET /api/v1/roles/permission-catalog, or *; actions: ${ACTIONS.join(", ")} or *; scopes: ${SCOPES.join(", ")}.`,
  );
const fieldRules = z
  .record(z.string().max(100), z.record(z.string().max(100), z.string().max(20)))
  .describe('Entity → field → "hidden" | "readonly".');
const adminPermissions = z
  .array(z.string().max(100))
  .max(50)
  .describe(`Any of ${ADMIN_PERMISSIONS.join(", ")}, or * for all.`);

export const roleSchema = z.object({
  id: z.uuid(),
  key: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  isSystem: z.boolean(),
  permissions: z.record(z.string(), z.record(z.string(), z.enum(SCOPES))),
  fieldRules: z.record(z.string(), z.record(z.string(), z.enum(["hidden", "readonly"]))),
  adminPermissions: z.array(z.string()),
  requireTwoFactor: z.boolean(),
  userCount: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type RoleDto = z.infer<typeof roleSchema>;

export const roleCreateBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).optional(),
  permissions,
  fieldRules: fieldRules.optional(),
  adminPermissions: adminPermissions.optional(),
  requireTwoFactor: z.boolean().optional(),
});
export const rolePatchBody = roleCreateBody.partial();
export type RoleInput = z.infer<typeof rolePatchBody>;

export const roleCatalogSchema = z.object({
  entities: z.array(z.string()),
  actions: z.array(z.string()),
  scopes: z.array(z.string()),
  adminPermissions: z.array(z.string()),
});

/** What a role can grant: the entities come from the modules' declarations. */
export function roleCatalog(entities: EntityCatalog) {
  return {
    entities: entities.names(),
    actions: [...ACTIONS],
    scopes: [...SCOPES],
    adminPermissions: [...ADMIN_PERMISSIONS],
  };
}

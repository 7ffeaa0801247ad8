import type { Kysely } from "kysely";
import { DEFAULT_ROLES } from "../default-roles.js";

export async function up(db: Kysely<unknown>): Promise<void> {
  const d = db as Kysely<{
    roles: {
      key: string;
      name: string;
      description: string;
      is_system: boolean;
      permissions: string;
      field_rules: string;
      admin_permissions: string[];
    };
  }>;
  await d
    .insertInto("roles")
    .values(
      DEFAULT_ROLES.map((r) => ({
        key: r.key,
        name: r.name,
        description: r.description,
        is_system: r.key === "admin",
        permissions: JSON.stringify(r.permissions),
        field_rules: JSON.stringify(r.fieldRules),
        admin_permissions: r.adminPermissions,
      })),
    )
    .execute();
}

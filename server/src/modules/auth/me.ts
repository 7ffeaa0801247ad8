import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { passwordExpired, twoFactorRequired } from "./authenticator.js";
import { getPasswordPolicy } from "./password-policy.js";
import type { Me } from "./schemas.js";

type Db = Database | Transaction<DB>;

/** The signed-in user as the web client sees them: profile, role, team and effective duties. */
export async function loadMe(db: Db, userId: string): Promise<Me> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .leftJoin("teams as t", "t.id", "u.team_id")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.phone",
      "u.position",
      "u.avatar_url",
      "u.language",
      "u.time_zone",
      "u.notify_by_email",
      "u.must_change_password",
      "u.password_changed_at",
      "u.two_factor_enabled",
      "r.id as role_id",
      "r.name as role_name",
      "r.key as role_key",
      "r.permissions",
      "r.field_rules",
      "r.admin_permissions",
      "r.require_two_factor",
      "t.id as team_id",
      "t.name as team_name",
    ])
    .where("u.id", "=", userId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("User");
  const policy = await getPasswordPolicy(db);
  const admin = new Set(row.admin_permissions);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    position: row.position,
    avatarUrl: row.avatar_url,
    language: row.language as Me["language"],
    timeZone: row.time_zone,
    notifyByEmail: row.notify_by_email,
    mustChangePassword: row.must_change_password || passwordExpired(row, policy),
    twoFactorEnabled: row.two_factor_enabled,
    twoFactorSetupRequired: !row.two_factor_enabled && twoFactorRequired(row, policy),
    isAdmin: admin.has("*") || admin.has("settings.manage"),
    permissions: row.permissions,
    fieldRules: row.field_rules,
    adminPermissions: row.admin_permissions,
    team: row.team_id && row.team_name ? { id: row.team_id, name: row.team_name } : null,
    role: { id: row.role_id, name: row.role_name, key: row.role_key },
  };
}

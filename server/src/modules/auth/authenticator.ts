import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import type { Config } from "../../platform/config/config.js";
import type { Database } from "../../platform/db/database.js";
import { UnauthorizedError } from "../../platform/errors.js";
import type { Authenticator } from "../../platform/http/types.js";
import { TOKEN_PATTERN } from "./api-tokens.js";
import { sha256 } from "./crypto.js";
import { type PasswordPolicy, POLICY_KEY, parsePolicy } from "./password-policy.js";
import { readSessionId } from "./sessions.js";

/** Writes of last_seen_at / last_used_at happen at most this often per session or token. */
const TOUCH_SECONDS = 60;

interface UserRoleRow {
  user_id: string;
  team_id: string | null;
  role_id: string;
  is_active: boolean;
  must_change_password: boolean;
  password_changed_at: Date | null;
  two_factor_enabled: boolean;
  permissions: Actor["permissions"];
  field_rules: Actor["fieldRules"];
  admin_permissions: string[];
  require_two_factor: boolean;
  policy: unknown;
}

const userRoleColumns = [
  "u.id as user_id",
  "u.team_id",
  "u.role_id",
  "u.is_active",
  "u.must_change_password",
  "u.password_changed_at",
  "u.two_factor_enabled",
  "r.permissions",
  "r.field_rules",
  "r.admin_permissions",
  "r.require_two_factor",
] as const;

/** The password policy travels in the same query as the user and role. */
const policyColumn = sql<unknown>`(select value from app_settings where key = ${POLICY_KEY})`.as("policy");

function buildActor(row: UserRoleRow, extra: Pick<Actor, "sessionId" | "apiTokenId" | "readOnly">): Actor {
  return {
    userId: row.user_id,
    teamId: row.team_id,
    roleId: row.role_id,
    permissions: row.permissions,
    fieldRules: row.field_rules,
    adminPermissions: new Set(row.admin_permissions),
    ...extra,
  };
}

export function passwordExpired(
  row: Pick<UserRoleRow, "password_changed_at">,
  policy: PasswordPolicy,
): boolean {
  if (policy.maxAgeDays === 0 || !row.password_changed_at) return false;
  return row.password_changed_at.getTime() < Date.now() - policy.maxAgeDays * 86_400_000;
}

export function twoFactorRequired(
  row: Pick<UserRoleRow, "require_two_factor">,
  policy: PasswordPolicy,
): boolean {
  return policy.requireTwoFactorForAll || row.require_two_factor;
}

export function sessionAuthenticator(db: Database, config: Config): Authenticator {
  return {
    async authenticate(request: FastifyRequest) {
      const auth = request.headers.authorization;
      if (auth !== undefined) return authenticateToken(db, auth);
      const sessionId = readSessionId(request);
      if (!sessionId) return null;
      const row = await db
        .selectFrom("sessions")
        .innerJoin("users as u", "u.id", "sessions.user_id")
        .innerJoin("roles as r", "r.id", "u.role_id")
        .select(userRoleColumns)
        .select(policyColumn)
        .select(["sessions.id as session_id", "sessions.last_seen_at", "sessions.two_factor_pending"])
        .where("sessions.id", "=", sessionId)
        .where("sessions.revoked_at", "is", null)
        .where("sessions.expires_at", ">", sql<Date>`now()`)
        .where(
          "sessions.last_seen_at",
          ">",
          sql<Date>`now() - make_interval(mins => ${config.SESSION_IDLE_MINUTES})`,
        )
        .executeTakeFirst();
      // A half-authenticated session (2FA code still due) only serves POST /auth/2fa, which reads it itself.
      if (!row?.is_active || row.two_factor_pending) return null;
      if (row.last_seen_at.getTime() < Date.now() - TOUCH_SECONDS * 1000) {
        await db
          .updateTable("sessions")
          .set({ last_seen_at: sql<Date>`now()` })
          .where("id", "=", sessionId)
          .execute();
      }
      const policy = parsePolicy(row.policy);
      return {
        actor: buildActor(row, { sessionId, apiTokenId: null, readOnly: false }),
        passwordChangePending: row.must_change_password || passwordExpired(row, policy),
        twoFactorSetupPending: !row.two_factor_enabled && twoFactorRequired(row, policy),
      };
    },
  };
}

async function authenticateToken(db: Database, header: string) {
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (!token || !TOKEN_PATTERN.test(token)) {
    throw new UnauthorizedError("invalid_token", "The Authorization header must be `Bearer tdm_…`.");
  }
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users as u", "u.id", "api_tokens.user_id")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select(userRoleColumns)
    .select(policyColumn)
    .select(["api_tokens.id as token_id", "api_tokens.read_only", "api_tokens.last_used_at"])
    .where("api_tokens.token_hash", "=", sha256(token))
    .where("api_tokens.revoked_at", "is", null)
    .where((eb) =>
      eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", sql<Date>`now()`)]),
    )
    .executeTakeFirst();
  if (!row?.is_active) {
    throw new UnauthorizedError("invalid_token", "The API token is unknown, expired or revoked.");
  }
  if (!row.last_used_at || row.last_used_at.getTime() < Date.now() - TOUCH_SECONDS * 1000) {
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: sql<Date>`now()` })
      .where("id", "=", row.token_id)
      .execute();
  }
  // Password age and 2FA set-up are interactive duties of a person at a browser; tokens are not held to them.
  return {
    actor: buildActor(row, { sessionId: null, apiTokenId: row.token_id, readOnly: row.read_only }),
    passwordChangePending: false,
  };
}

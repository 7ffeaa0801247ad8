import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import type pg from "pg";
import type { Actor } from "../../platform/access/actor.js";
import type { Config } from "../../platform/config/config.js";
import type { Database } from "../../platform/db/database.js";
import { UnauthorizedError } from "../../platform/errors.js";
import type { Authenticator } from "../../platform/http/types.js";
import { ACTOR_CACHE_TTL_MS, ActorCache, type AuthResult, type CachedAuth } from "./actor-cache.js";
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
  team_user_ids: string[];
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

/** The team's users travel in the same query (`Actor.teamUserIds`: team scopes bind them as an array). */
const teamUsersColumn = sql<
  string[]
>`array(select tm.id from users tm where tm.team_id = u.team_id order by tm.id)`.as("team_user_ids");

/** The password policy travels in the same query as the user and role. */
const policyColumn = sql<unknown>`(select value from app_settings where key = ${POLICY_KEY})`.as("policy");

function buildActor(row: UserRoleRow, extra: Pick<Actor, "sessionId" | "apiTokenId" | "readOnly">): Actor {
  return {
    userId: row.user_id,
    teamId: row.team_id,
    teamUserIds: row.team_user_ids,
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

/**
 * Sessions (cookie) and API tokens (bearer). The actor a session or token resolves to is kept in an `ActorCache`
 * per process, invalidated through `LISTEN tandem_auth` (see actor-cache.ts), so a request pays one round trip on
 * the listening connection instead of the lookup; revocation and permission changes still apply to the next
 * request. Without `databaseUrl` (no database to listen on) every request looks its actor up.
 */
export function sessionAuthenticator(
  db: Database,
  config: Config,
  databaseUrl?: string,
  pool?: pg.Pool,
): Authenticator {
  const cache = new ActorCache(databaseUrl, undefined, pool);
  // Listening from the start, so the first requests can already be cached (it retries while the database is down).
  cache.start().catch(() => {});
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000;
  return {
    async authenticate(request: FastifyRequest, opts?: { deferConfirmation?: boolean }) {
      const defer = opts?.deferConfirmation ?? false;
      const auth = request.headers.authorization;
      if (auth !== undefined) {
        const token = bearerToken(auth);
        return cached(db, cache, `t:${sha256(token)}`, "api_tokens", defer, () => lookupToken(db, token));
      }
      const sessionId = readSessionId(request);
      if (!sessionId) return null;
      return cached(db, cache, `s:${sessionId}`, "sessions", defer, () =>
        lookupSession(db, sessionId, idleMs),
      );
    },
    get confirmationSyncs() {
      return cache.syncs;
    },
    close: () => cache.close(),
  };
}

/**
 * The cached actor for `key`, touching its session or token at most once a minute; else `lookup` (and cache).
 * With `defer`, a hit that needs no touch is answered before it is confirmed current, with its `confirm`.
 */
async function cached(
  db: Database,
  cache: ActorCache,
  key: string,
  table: "sessions" | "api_tokens",
  defer: boolean,
  lookup: () => Promise<CachedAuth | null>,
): Promise<(AuthResult & { confirm?: () => Promise<boolean> }) | null> {
  const early = defer ? cache.peek(key) : null;
  if (early) {
    const { touchedAt } = early.entry;
    if (touchedAt !== null && touchedAt >= Date.now() - TOUCH_SECONDS * 1000) {
      return { ...early.entry.result, confirm: early.confirm };
    }
  }
  const hit = await cache.get(key);
  if (hit) {
    if (hit.touchedAt === null || hit.touchedAt < Date.now() - TOUCH_SECONDS * 1000) {
      await touch(db, table, table === "sessions" ? hit.result.actor.sessionId : hit.result.actor.apiTokenId);
      hit.touchedAt = Date.now();
    }
    return hit.result;
  }
  const snapshot = cache.snapshot();
  const found = await lookup();
  if (!found) return null;
  cache.set(key, snapshot, found);
  return found.result;
}

async function touch(db: Database, table: "sessions" | "api_tokens", id: string | null): Promise<void> {
  if (!id) return;
  const column = table === "sessions" ? "last_seen_at" : "last_used_at";
  await db
    .updateTable(table)
    .set({ [column]: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

const freezeResult = (result: AuthResult): AuthResult => {
  Object.freeze(result.actor);
  return Object.freeze(result);
};

async function lookupSession(db: Database, sessionId: string, idleMs: number): Promise<CachedAuth | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users as u", "u.id", "sessions.user_id")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select(userRoleColumns)
    .select([policyColumn, teamUsersColumn])
    .select([
      "sessions.id as session_id",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "sessions.two_factor_pending",
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where("sessions.last_seen_at", ">", sql<Date>`now() - make_interval(secs => ${idleMs / 1000})`)
    .executeTakeFirst();
  // A half-authenticated session (2FA code still due) only serves POST /auth/2fa, which reads it itself.
  if (!row?.is_active || row.two_factor_pending) return null;
  let touchedAt = row.last_seen_at.getTime();
  if (touchedAt < Date.now() - TOUCH_SECONDS * 1000) {
    await touch(db, "sessions", sessionId);
    touchedAt = Date.now();
  }
  const policy = parsePolicy(row.policy);
  return {
    result: freezeResult({
      actor: buildActor(row, { sessionId, apiTokenId: null, readOnly: false }),
      passwordChangePending: row.must_change_password || passwordExpired(row, policy),
      twoFactorSetupPending: !row.two_factor_enabled && twoFactorRequired(row, policy),
    }),
    // The idle limit counts from the last touch, which the cache's TTL (30 s) keeps within a minute and a half.
    validUntil: Math.min(Date.now() + ACTOR_CACHE_TTL_MS, row.expires_at.getTime(), touchedAt + idleMs),
    touchedAt,
  };
}

function bearerToken(header: string): string {
  const match = /^Bearer (\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (!token || !TOKEN_PATTERN.test(token)) {
    throw new UnauthorizedError("invalid_token", "The Authorization header must be `Bearer tdm_…`.");
  }
  return token;
}

async function lookupToken(db: Database, token: string): Promise<CachedAuth> {
  const row = await db
    .selectFrom("api_tokens")
    .innerJoin("users as u", "u.id", "api_tokens.user_id")
    .innerJoin("roles as r", "r.id", "u.role_id")
    .select(userRoleColumns)
    .select([policyColumn, teamUsersColumn])
    .select([
      "api_tokens.id as token_id",
      "api_tokens.read_only",
      "api_tokens.last_used_at",
      "api_tokens.expires_at",
    ])
    .where("api_tokens.token_hash", "=", sha256(token))
    .where("api_tokens.revoked_at", "is", null)
    .where((eb) =>
      eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", sql<Date>`now()`)]),
    )
    .executeTakeFirst();
  if (!row?.is_active) {
    throw new UnauthorizedError("invalid_token", "The API token is unknown, expired or revoked.");
  }
  let touchedAt = row.last_used_at?.getTime() ?? null;
  if (touchedAt === null || touchedAt < Date.now() - TOUCH_SECONDS * 1000) {
    await touch(db, "api_tokens", row.token_id);
    touchedAt = Date.now();
  }
  // Password age and 2FA set-up are interactive duties of a person at a browser; tokens are not held to them.
  return {
    result: freezeResult({
      actor: buildActor(row, { sessionId: null, apiTokenId: row.token_id, readOnly: row.read_only }),
      passwordChangePending: false,
    }),
    validUntil: Math.min(
      Date.now() + ACTOR_CACHE_TTL_MS,
      row.expires_at?.getTime() ?? Number.POSITIVE_INFINITY,
    ),
    touchedAt,
  };
}

import { sql, type Transaction } from "kysely";
import type { Database } from "../../platform/db/database.js";
import type { DB } from "../../platform/db/schema.js";
import { NotFoundError } from "../../platform/errors.js";
import { randomToken, sha256 } from "./crypto.js";

type Db = Database | Transaction<DB>;

export const TOKEN_PREFIX = "tdm_";
/** `tdm_` + 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^tdm_[\w-]{43}$/;

export interface NewApiToken {
  name: string;
  readOnly?: boolean | undefined;
  expiresAt?: Date | null | undefined;
}

const columns = [
  "id",
  "name",
  "token_prefix",
  "read_only",
  "expires_at",
  "last_used_at",
  "created_at",
] as const;

/** Creates a token for the user; the plain token is returned once and only its sha256 is stored. */
export async function createApiToken(db: Db, userId: string, input: NewApiToken) {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = await db
    .insertInto("api_tokens")
    .values({
      user_id: userId,
      name: input.name,
      token_hash: sha256(token),
      token_prefix: token.slice(0, 8),
      read_only: input.readOnly ?? false,
      expires_at: input.expiresAt ?? null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { ...row, token };
}

export async function listApiTokens(db: Db, userId: string) {
  return db
    .selectFrom("api_tokens")
    .select(columns)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
}

export async function revokeApiToken(db: Db, userId: string, id: string) {
  const row = await db
    .updateTable("api_tokens")
    .set({ revoked_at: sql<Date>`now()` })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .returning(["id", "name"])
    .executeTakeFirst();
  if (!row) throw new NotFoundError("API token");
  return row;
}

/** Revokes every API token of a user (deactivation, hand-over). Returns how many were revoked. */
export async function revokeAllTokens(db: Db, userId: string): Promise<number> {
  const res = await db
    .updateTable("api_tokens")
    .set({ revoked_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

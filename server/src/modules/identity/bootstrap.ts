import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";

export interface BootstrapResult {
  created: boolean;
  email?: string;
  generatedPassword?: string;
}

export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Creates the first administrator when the instance has no users. Without ADMIN_PASSWORD a one-time password
 * is generated; the admin must change it at first login.
 */
export async function bootstrapAdmin(
  db: Database,
  opts: { email?: string | undefined; password?: string | undefined },
): Promise<BootstrapResult> {
  return db.transaction().execute(async (trx) => {
    // Two instances starting together must not both create an admin.
    await sql`select pg_advisory_xact_lock(4242001)`.execute(trx);
    const any = await trx.selectFrom("users").select("id").limit(1).executeTakeFirst();
    if (any) return { created: false };
    const role = await trx
      .selectFrom("roles")
      .select("id")
      .where("key", "=", "admin")
      .executeTakeFirstOrThrow();
    const email = opts.email ?? "admin@example.com";
    const generated = opts.password ? undefined : randomBytes(12).toString("base64url");
    const password = opts.password ?? (generated as string);
    await trx
      .insertInto("users")
      .values({
        email,
        name: "Administrator",
        role_id: role.id,
        password_hash: await hashPassword(password),
        must_change_password: generated !== undefined,
        password_changed_at: new Date(),
      })
      .execute();
    return { created: true, email, ...(generated ? { generatedPassword: generated } : {}) };
  });
}

import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import type { Database } from "../../platform/db/database.js";
import { toSerbianLatin } from "../../platform/serbian-latin.js";
import { localizeSeededPipeline, type SeedLanguage } from "../pipelines/module.js";
import { localizeSeededRoles } from "./seed-role-names.js";

export interface BootstrapResult {
  created: boolean;
  /** Whether the seeded default pipeline was renamed into the administrator's language. */
  pipelineLocalized?: boolean;
  /** How many built-in roles were renamed into the administrator's language. */
  rolesLocalized?: number;
  email?: string;
  generatedPassword?: string;
}

/** The first administrator's display name in each language (they can rename themselves later). */
const ADMIN_NAME: Record<SeedLanguage, string> = {
  en: "Administrator",
  ru: "Администратор",
  sr: "Администратор",
  "sr-Latn": toSerbianLatin("Администратор"),
  kk: "Әкімші",
};

export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * Creates the first administrator when the instance has no users. Without ADMIN_PASSWORD a one-time password
 * is generated; the admin must change it at first login. The administrator gets `language` (ADMIN_LANGUAGE) as
 * profile language, and the untouched seeded default pipeline and built-in roles are renamed into it in the same transaction — so a
 * fresh instance speaks its administrator's language, while an instance that already has users is left alone.
 */
export async function bootstrapAdmin(
  db: Database,
  opts: { email?: string | undefined; password?: string | undefined; language?: SeedLanguage | undefined },
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
    const language = opts.language ?? "en";
    await trx
      .insertInto("users")
      .values({
        email,
        name: ADMIN_NAME[language],
        language,
        role_id: role.id,
        password_hash: await hashPassword(password),
        must_change_password: generated !== undefined,
        password_changed_at: new Date(),
      })
      .execute();
    const pipelineLocalized = await localizeSeededPipeline(trx, language);
    const rolesLocalized = await localizeSeededRoles(trx, language);
    return {
      created: true,
      email,
      pipelineLocalized,
      rolesLocalized,
      ...(generated ? { generatedPassword: generated } : {}),
    };
  });
}

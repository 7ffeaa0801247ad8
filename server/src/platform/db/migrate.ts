import { promises as fs } from "node:fs";
import path from "node:path";
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";

/**
 * Migrations live beside the code of their domain: `src/platform/db/migrations/*.ts` and
 * `src/modules/<domain>/migrations/*.ts`. They are ordered globally by file name, which starts with a
 * timestamp (`20261123_1200_identity_sessions.ts`). Up-only: there are no down migrations.
 */
class ModuleMigrationProvider implements MigrationProvider {
  constructor(private readonly srcRoot: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const dirs = [path.join(this.srcRoot, "platform", "db", "migrations")];
    const modulesDir = path.join(this.srcRoot, "modules");
    for (const m of await fs.readdir(modulesDir).catch(() => [] as string[])) {
      dirs.push(path.join(modulesDir, m, "migrations"));
    }
    const out: Record<string, Migration> = {};
    for (const dir of dirs) {
      const files = await fs.readdir(dir).catch(() => [] as string[]);
      for (const f of files) {
        if (!/^\d{8}_\d{4}_.+\.(ts|js)$/.test(f) || f.endsWith(".d.ts") || f.includes(".test.")) continue;
        const name = f.replace(/\.(ts|js)$/, "");
        if (out[name]) throw new Error(`Two migrations are named ${name}`);
        out[name] = (await import(path.join(dir, f))) as Migration;
      }
    }
    return out;
  }
}

export const srcRoot = path.resolve(import.meta.dirname, "..", "..");

/**
 * Applies all pending migrations in one transaction under Kysely's advisory lock, so two instances starting
 * together cannot both migrate.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(srcRoot),
    migrationTableName: "schema_migrations",
    migrationLockTableName: "schema_migrations_lock",
    // Modules grow migrations in parallel, so a database migrated from one line of work may meet an older-named
    // migration from another; it is applied (each migration only needs what existed when it was written).
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(
      `Migration ${failed ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function pendingMigrations(db: Kysely<unknown>): Promise<number> {
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(srcRoot),
    migrationTableName: "schema_migrations",
    migrationLockTableName: "schema_migrations_lock",
  });
  const all = await migrator.getMigrations();
  return all.filter((m) => !m.executedAt).length;
}

/** How many migrations this build knows (applied or not): a database is fully migrated when it has them all. */
export async function knownMigrations(): Promise<number> {
  return Object.keys(await new ModuleMigrationProvider(srcRoot).getMigrations()).length;
}

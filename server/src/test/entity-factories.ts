import { promises as fs } from "node:fs";
import path from "node:path";
import type { Database } from "../platform/db/database.js";

/**
 * Test-record factories for the authorization matrix (`authorization-matrix.test.ts`). Every entity that has
 * `access.entity(...)` routes registers one, in `src/modules/<domain>/test-factory.ts`:
 *
 *   registerEntityFactory("deals", {
 *     create: async (db, ownerId) => (await insertDeal(db, { ownerId })).id,
 *     createBody: () => ({ title: "Matrix deal", ... }),
 *     updateBody: () => ({ title: "Renamed" }),
 *   });
 *
 * The matrix fails for an entity route whose entity has no factory, so a new module cannot skip it.
 */
export interface EntityFactory {
  /** Inserts a valid record owned by `ownerId` directly in the database and returns its id. */
  create(db: Database, ownerId: string): Promise<string>;
  /**
   * A valid body for `POST /api/v1/<resource>` (the owner defaults to the caller). `callerId` is the user who
   * will send it, for bodies that must link records the caller can see (a deal's company).
   */
  createBody(db: Database, callerId: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** A valid body for `PATCH /api/v1/<resource>/{id}`. */
  updateBody(db: Database): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** false for reference data without an owner (pipelines): visible to every role with a non-`none` scope. */
  owned?: boolean;
  /**
   * For entities declaring `readOnlyWhen`: inserts a record owned by `ownerId` that the declaration makes
   * read-only (a system timeline item), for the record-permissions matrix.
   */
  createReadOnly?(db: Database, ownerId: string): Promise<string>;
}

const factories = new Map<string, EntityFactory>();

export function registerEntityFactory(entity: string, factory: EntityFactory): void {
  factories.set(entity, factory);
}

export function entityFactory(entity: string): EntityFactory | undefined {
  return factories.get(entity);
}

export function registeredFactories(): string[] {
  return [...factories.keys()].sort();
}

/** Imports every `src/modules/<domain>/test-factory.ts`, which register their factories on load. */
export async function loadEntityFactories(): Promise<void> {
  const modulesDir = path.resolve(import.meta.dirname, "..", "modules");
  for (const m of await fs.readdir(modulesDir)) {
    const file = path.join(modulesDir, m, "test-factory.ts");
    const exists = await fs
      .stat(file)
      .then((s) => s.isFile())
      .catch(() => false);
    if (exists) await import(file);
  }
}

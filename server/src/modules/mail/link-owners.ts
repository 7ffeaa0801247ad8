import { type Kysely, sql } from "kysely";
import type { EntityDefinition } from "../../platform/records/definition.js";

/**
 * `mail_thread_links.owner_id` / `record_live` copy what the read scope of a linked record needs — its owner, and
 * whether it exists and is not deleted — so an inbox reads "threads of records owned by these users" as one index
 * range per owner (`mail_thread_links_owner_idx`) instead of one per readable record. Triggers keep the copy,
 * whoever writes: on the entity's table (reassign, hand-over, delete, restore, purge, plain SQL) and on the links
 * (a new link, a link moved to another record, a link revived after an unlink reads the record as it is).
 *
 * A new link reads its record `FOR SHARE`: a reassignment committing meanwhile waits for the link's transaction
 * and then updates the link too (its trigger's statement sees the committed link), and a link written while the
 * record's reassignment is uncommitted waits and copies the new owner — no stale owner either way.
 */
export interface LinkOwnerInstall {
  entity: string;
  table: string;
  ownerColumn: string;
  softDeleteColumn: string | null;
}

/** The install a linkable owned entity's current declaration asks for (a test compares it with the installed one). */
export function linkOwnerInstall(def: EntityDefinition): LinkOwnerInstall | null {
  if (!def.capabilities.linkable || !def.ownerColumn) return null;
  return {
    entity: def.name,
    table: def.table,
    ownerColumn: def.ownerColumn,
    softDeleteColumn: def.softDeleteColumn,
  };
}

const identifier = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!identifier.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The record-side trigger function's name for a table. */
export const linkOwnerFunction = (table: string) => `tandem_mail_link_owner_${table}`;

/** `true` when the record row `alias` is not deleted. */
const live = (spec: LinkOwnerInstall, alias: string) =>
  spec.softDeleteColumn ? `${alias}.${ident(spec.softDeleteColumn)} IS NULL` : "true";

/**
 * Records the install in `mail_link_owner_sources`, (re)creates the triggers on the entity's table and the links'
 * trigger (built from every recorded install), and with `backfill` copies the owners onto the entity's links.
 */
export async function installLinkOwners(
  db: Kysely<unknown>,
  spec: LinkOwnerInstall,
  opts: { backfill: boolean } = { backfill: true },
): Promise<void> {
  const fn = ident(linkOwnerFunction(spec.table));
  const table = ident(spec.table);
  const owner = ident(spec.ownerColumn);
  const e = literal(spec.entity);
  await sql`insert into mail_link_owner_sources (entity, install) values (${spec.entity}, ${JSON.stringify(spec)}::jsonb)
    on conflict (entity) do update set install = excluded.install`.execute(db);
  // Only live links (unlinked_at null) are kept: the partial timeline index finds a record's links, and a revived
  // link re-reads its record (the links' trigger).
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        UPDATE mail_thread_links SET owner_id = NULL, record_live = false WHERE entity = ${e} AND record_live;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE mail_thread_links SET owner_id = NULL, record_live = false
          WHERE entity = ${e} AND record_id = OLD.id AND unlinked_at IS NULL;
      ELSE
        UPDATE mail_thread_links SET owner_id = NEW.${owner}, record_live = (${live(spec, "NEW")})
          WHERE entity = ${e} AND record_id = NEW.id AND unlinked_at IS NULL
            AND (owner_id IS DISTINCT FROM NEW.${owner} OR record_live IS DISTINCT FROM (${live(spec, "NEW")}));
      END IF;
      RETURN NULL;
    END
    $f$;
    COMMENT ON FUNCTION ${fn}() IS ${literal(JSON.stringify(spec))};
    DROP TRIGGER IF EXISTS mail_link_owner_update ON ${table};
    DROP TRIGGER IF EXISTS mail_link_owner_delete ON ${table};
    DROP TRIGGER IF EXISTS mail_link_owner_truncate ON ${table};
    CREATE TRIGGER mail_link_owner_update
      AFTER UPDATE OF ${[spec.ownerColumn, ...(spec.softDeleteColumn ? [spec.softDeleteColumn] : [])].map(ident).join(", ")}
      ON ${table} FOR EACH ROW
      WHEN (OLD.${owner} IS DISTINCT FROM NEW.${owner}${
        spec.softDeleteColumn
          ? ` OR OLD.${ident(spec.softDeleteColumn)} IS DISTINCT FROM NEW.${ident(spec.softDeleteColumn)}`
          : ""
      })
      EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER mail_link_owner_delete AFTER DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER mail_link_owner_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
  `)
    .execute(db);
  await installLinksTrigger(db);
  if (opts.backfill) {
    await sql
      .raw(`
      UPDATE mail_thread_links l SET owner_id = r.${owner}, record_live = (${live(spec, "r")})
        FROM ${table} r WHERE l.entity = ${e} AND r.id = l.record_id
          AND (l.owner_id IS DISTINCT FROM r.${owner} OR l.record_live IS DISTINCT FROM (${live(spec, "r")}));
      UPDATE mail_thread_links l SET owner_id = NULL, record_live = false
        WHERE l.entity = ${e} AND (l.record_live OR l.owner_id IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.id = l.record_id);
    `)
      .execute(db);
  }
}

/** The links' own trigger: a new, moved or revived link copies its record's owner (one branch per install). */
async function installLinksTrigger(db: Kysely<unknown>): Promise<void> {
  const installs = (
    await sql<{
      install: LinkOwnerInstall;
    }>`select install from mail_link_owner_sources order by entity`.execute(db)
  ).rows.map((r) => r.install);
  const branches = installs.map(
    (s, i) => `${i === 0 ? "IF" : "ELSIF"} NEW.entity = ${literal(s.entity)} THEN
        SELECT r.${ident(s.ownerColumn)}, ${live(s, "r")} INTO NEW.owner_id, NEW.record_live
          FROM ${ident(s.table)} r WHERE r.id = NEW.record_id FOR SHARE;`,
  );
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION tandem_mail_link_owner() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.entity = OLD.entity AND NEW.record_id = OLD.record_id
          AND NOT (OLD.unlinked_at IS NOT NULL AND NEW.unlinked_at IS NULL) THEN
        RETURN NEW;
      END IF;
      NEW.owner_id := NULL;
      NEW.record_live := false;
      ${branches.length > 0 ? `${branches.join("\n      ")}\n      END IF;` : ""}
      NEW.record_live := coalesce(NEW.record_live, false);
      RETURN NEW;
    END
    $f$;
    DROP TRIGGER IF EXISTS mail_thread_links_owner ON mail_thread_links;
    CREATE TRIGGER mail_thread_links_owner BEFORE INSERT OR UPDATE OF entity, record_id, unlinked_at
      ON mail_thread_links FOR EACH ROW EXECUTE FUNCTION tandem_mail_link_owner();
  `)
    .execute(db);
}

import { type Kysely, sql } from "kysely";
import type { EntityDefinition } from "./definition.js";

/** Why records are grouped as likely duplicates. */
export type DuplicateReason = "email" | "phone" | "taxId" | "name";

/**
 * What an entity compares to find its duplicates (`EntityDefinition.duplicateKeys`). Every key is kept in
 * `record_duplicate_keys` by triggers on the entity's table (`installDuplicateKeys`, called by a migration),
 * so every writer — services, imports, merges, rules, SQL — keeps it current and the groups are a query.
 */
export interface DuplicateKeysSpec {
  /** `text[]` columns of values already normalized when written (lower-cased emails, E.164, `KIND:value`). */
  values: readonly { reason: Exclude<DuplicateReason, "name">; column: string; fields: readonly string[] }[];
  /**
   * The name as a key (accent-folded, punctuation and legal forms dropped, words sorted), in blocks of the
   * same city (`city`), or anywhere for a role that may not see the city.
   */
  name?: { column: string; fields: readonly string[]; city?: { column: string; fields: readonly string[] } };
}

/** What the triggers of one table need (a plain object, so a migration can state it as it was). */
export interface DuplicateKeysInstall {
  entity: string;
  table: string;
  ownerColumn: string | null;
  softDeleteColumn: string | null;
  values: readonly { reason: string; column: string }[];
  name: { column: string; city: string | null } | null;
  /**
   * A searchable table's `search_pending` (`search-backlog.ts`): a row a bulk writer wrote pending gets its
   * exact keys (values) at once and its name key when search catches up — the name key is the costly one.
   * Absent in installs made before it existed.
   */
  pendingColumn?: string | null;
  /**
   * Group rows only for keys two or more records share (`20261207_1250_platform_duplicate_groups_shared`): each
   * key has one holder row (`joined = false`, unique per key — the per-key lock two writers of the same new key
   * meet on), every other record's row `joined`, and a name key is also filed under the block `*` (any city)
   * as a row of its own. Absent in installs made before it existed: a group row for every key, `*` counted.
   */
  sharedGroups?: boolean;
}

/** The name-group block that stands for "any city" (a normalized city never is `*`). */
export const ANY_CITY = "*";

/** The install an entity's current declaration asks for (compared with the installed one by a test). */
export function duplicateKeysInstall(def: EntityDefinition): DuplicateKeysInstall | null {
  const spec = def.duplicateKeys;
  if (!spec) return null;
  return {
    entity: def.name,
    table: def.table,
    ownerColumn: def.ownerColumn,
    softDeleteColumn: def.softDeleteColumn,
    values: spec.values.map(({ reason, column }) => ({ reason, column })),
    name: spec.name ? { column: spec.name.column, city: spec.name.city?.column ?? null } : null,
    pendingColumn: def.capabilities.search ? "search_pending" : null,
    sharedGroups: true,
  };
}

const identifier = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!identifier.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * `(kind, key, block, record_id, owner_id)` of the live rows of relation `rel` (a table, transition table or
 * subquery), set-based: the name key once per row and the city key once per distinct city (an import of 5,000
 * rows names a few hundred cities), each row's keys distinct (`union`). A row written pending search
 * (`pendingColumn`) has its exact keys only; its name key comes when search catches up with it.
 */
function keysOf(spec: DuplicateKeysInstall, rel: string, flagged = false): string {
  const owner = spec.ownerColumn ? `r.${ident(spec.ownerColumn)}` : "null::uuid";
  const live = spec.softDeleteColumn ? `r.${ident(spec.softDeleteColumn)} is null` : "true";
  const name = spec.name;
  const cols = [
    ...spec.values.map((v) => v.column),
    ...(name ? [name.column, ...(name.city ? [name.city] : [])] : []),
  ];
  const pending = spec.pendingColumn ? `r.${ident(spec.pendingColumn)}` : "false";
  // `flagged` (rows of `changedRows`): each part only for the rows whose sources of that part changed.
  const flags = flagged
    ? ", r.values_changed_, r.name_changed_"
    : ", true as values_changed_, true as name_changed_";
  const ctes = [
    `r as materialized (select r.id, ${owner} as owner_id, ${pending} as pending_${flags},
      ${[...new Set(cols)].map((c) => `r.${ident(c)}`).join(", ")} from ${rel} r where ${live})`,
  ];
  const parts = spec.values.map(
    (v) =>
      `select ${literal(v.reason)}::text as kind, v as key, ''::text as block, r.id, r.owner_id
        from r cross join unnest(r.${ident(v.column)}) v where v <> '' and r.values_changed_`,
  );
  if (name) {
    // `offset 0`: the name key is computed once per row, not once per reference to it.
    const named = `(select r.id, r.owner_id, ${name.city ? `r.${ident(name.city)} as city, ` : ""}
      tandem_duplicate_text_key(r.${ident(name.column)}) as key from r where not r.pending_ and r.name_changed_
      offset 0) n`;
    if (name.city) {
      const city = ident(name.city);
      ctes.push(`c as materialized (select d.v, tandem_duplicate_text_key(d.v) as k
        from (select distinct r.${city} as v from r
          where r.${city} is not null and not r.pending_ and r.name_changed_) d)`);
      parts.push(`select 'name', n.key, coalesce(c.k, ''), n.id, n.owner_id from ${named}
        left join c on c.v = n.city where n.key <> ''`);
    } else parts.push(`select 'name', n.key, '', n.id, n.owner_id from ${named} where n.key <> ''`);
    // The name in any city: a key row of its own, so its group is counted (and locked) like any other key.
    if (spec.sharedGroups)
      parts.push(
        `select 'name', n.key, ${literal(ANY_CITY)}, n.id, n.owner_id from ${named} where n.key <> ''`,
      );
  }
  return `with ${ctes.join(", ")}
    select (k.kind, k.key, k.block, k.id, k.owner_id)::tandem_duplicate_key as x from (${parts.join(" union ")}) k`;
}

/** The columns a record's keys come from (the owner aside: it is copied, not a key); `part` limits them to one. */
function sourcesOf(spec: DuplicateKeysInstall, alias: string, part?: "values" | "name"): string {
  const cols = [
    ...(part !== "name" ? spec.values.map((v) => v.column) : []),
    ...(spec.name && part !== "values"
      ? [spec.name.column, ...(spec.name.city ? [spec.name.city] : [])]
      : []),
    ...(spec.softDeleteColumn ? [spec.softDeleteColumn] : []),
    ...(spec.pendingColumn && spec.name && part !== "values" ? [spec.pendingColumn] : []),
  ];
  return `row(${[`${alias}.id`, ...cols.map((c) => `${alias}.${ident(c)}`)].join(", ")})`;
}

/**
 * The rows of `rel` with no row of `other` of the same id and the same key sources (a subquery, `offset 0` so the
 * filter runs once, before the keys are computed), each flagged with the parts whose sources — or owner —
 * changed (`values_changed_`, `name_changed_`): the search catch-up flips `search_pending` alone, and its rows'
 * exact keys are then neither computed nor compared, only their name keys added.
 */
function changedRows(spec: DuplicateKeysInstall, rel: string, other: string): string {
  const owner = spec.ownerColumn
    ? ` or p.${ident(spec.ownerColumn)} is distinct from r.${ident(spec.ownerColumn)}`
    : "";
  const changed = (part: "values" | "name") =>
    `(p.id is null or ${sourcesOf(spec, "p", part)} is distinct from ${sourcesOf(spec, "r", part)}${owner})`;
  return `(select r.*, ${changed("values")} as values_changed_, ${changed("name")} as name_changed_
    from ${rel} r left join ${other} p on p.id = r.id
    where p.id is null or ${sourcesOf(spec, "p")} is distinct from ${sourcesOf(spec, "r")} offset 0)`;
}

/** Copies the new owner onto the kept keys of the rows whose owner alone changed (keys found by primary key). */
function ownerMoves(spec: DuplicateKeysInstall): string {
  const owner = ident(spec.ownerColumn ?? "");
  const moved = `(select r.* from new_rows r join old_rows p on p.id = r.id
    where p.${owner} is distinct from r.${owner} and ${sourcesOf(spec, "p")} is not distinct from ${sourcesOf(spec, "r")} offset 0)`;
  return `SELECT coalesce(array_agg(x), '{}') INTO m FROM (${keysOf(spec, moved)}) s;
        IF cardinality(m) > 0 THEN
          UPDATE record_duplicate_keys k SET owner_id = a.owner_id FROM unnest(m) a
            WHERE k.entity = ${literal(spec.entity)} AND k.kind = a.kind AND k.key = a.key AND k.block = a.block
              AND k.record_id = a.record_id;
        END IF;`;
}

/** The trigger function's name for a table. */
export const duplicateKeysFunction = (table: string) => `tandem_duplicate_keys_${table}`;

/**
 * Creates (or replaces) the statement-level triggers that keep `record_duplicate_keys` and the group sizes in
 * `record_duplicate_groups` current for one table, and with `backfill` (re)computes the table's keys from its
 * rows in batches of `batch` records. The install is recorded as the function's comment.
 */
export async function installDuplicateKeys(
  db: Kysely<unknown>,
  spec: DuplicateKeysInstall,
  opts: { backfill: boolean; batch?: number } = { backfill: true },
): Promise<void> {
  const fn = ident(duplicateKeysFunction(spec.table));
  const table = ident(spec.table);
  const e = literal(spec.entity);
  await sql
    .raw(`
    CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $f$
    DECLARE
      o tandem_duplicate_key[] := '{}';
      n tandem_duplicate_key[] := '{}';
      m tandem_duplicate_key[] := '{}';
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM record_duplicate_keys WHERE entity = ${e};
        DELETE FROM record_duplicate_groups WHERE entity = ${e};
        RETURN NULL;
      END IF;
      IF TG_OP = 'UPDATE' THEN
        -- Most updates change neither a key source nor the owner: done before the keys' queries run.
        IF NOT EXISTS (SELECT 1 FROM new_rows r WHERE NOT EXISTS (SELECT 1 FROM old_rows p
            WHERE p.id = r.id AND ${sourcesOf(spec, "p")} IS NOT DISTINCT FROM ${sourcesOf(spec, "r")}${
              spec.ownerColumn
                ? ` AND p.${ident(spec.ownerColumn)} IS NOT DISTINCT FROM r.${ident(spec.ownerColumn)}`
                : ""
            })) THEN
          RETURN NULL;
        END IF;
        -- Only rows whose key sources changed are recomputed; an owner change alone moves the kept keys.
        SELECT coalesce(array_agg(x), '{}') INTO o FROM (${keysOf(spec, changedRows(spec, "old_rows", "new_rows"), true)}) s;
        SELECT coalesce(array_agg(x), '{}') INTO n FROM (${keysOf(spec, changedRows(spec, "new_rows", "old_rows"), true)}) s;
        ${spec.ownerColumn ? ownerMoves(spec) : ""}
      ELSIF TG_OP = 'DELETE' THEN
        SELECT coalesce(array_agg(x), '{}') INTO o FROM (${keysOf(spec, "old_rows")}) s;
      ELSE
        SELECT coalesce(array_agg(x), '{}') INTO n FROM (${keysOf(spec, "new_rows")}) s;
      END IF;
      PERFORM tandem_duplicate_keys_apply(${e}, o, n);
      RETURN NULL;
    END
    $f$;
    COMMENT ON FUNCTION ${fn}() IS ${literal(JSON.stringify(spec))};
    DROP TRIGGER IF EXISTS duplicate_keys_insert ON ${table};
    DROP TRIGGER IF EXISTS duplicate_keys_update ON ${table};
    DROP TRIGGER IF EXISTS duplicate_keys_delete ON ${table};
    DROP TRIGGER IF EXISTS duplicate_keys_truncate ON ${table};
    CREATE TRIGGER duplicate_keys_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER duplicate_keys_update AFTER UPDATE ON ${table}
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER duplicate_keys_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
    CREATE TRIGGER duplicate_keys_truncate AFTER TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();
  `)
    .execute(db);
  if (opts.backfill) await backfill(db, spec, opts.batch ?? 50_000);
}

/**
 * Recomputes one entity's keys and group sizes from its rows, `batch` records (in id order) per statement; with
 * `sharedGroups` the first record of each key holds it and only shared keys have a group row.
 */
async function backfill(db: Kysely<unknown>, spec: DuplicateKeysInstall, batch: number): Promise<void> {
  const e = literal(spec.entity);
  await sql.raw(`DELETE FROM record_duplicate_keys WHERE entity = ${e}`).execute(db);
  await sql.raw(`DELETE FROM record_duplicate_groups WHERE entity = ${e}`).execute(db);
  let after: string | null = null;
  for (;;) {
    const page: string = `(select * from ${ident(spec.table)} where ${after ? `id > ${literal(after)}::uuid` : "true"} order by id limit ${batch})`;
    const res = await sql
      .raw<{ last: string | null }>(`
      with ins as (${
        spec.sharedGroups
          ? // Pages in id order: a key's first record holds it, every later one joins.
            `insert into record_duplicate_keys (entity, kind, key, block, record_id, owner_id, joined)
        select ${e}, k.kind, k.key, k.block, k.record_id, k.owner_id,
          row_number() over (partition by k.kind, k.key, k.block order by k.record_id) > 1
            or exists (select 1 from record_duplicate_keys f where f.entity = ${e} and f.kind = k.kind
              and f.key = k.key and f.block = k.block)
        from (select (x).* from (${keysOf(spec, page)}) s) k`
          : `insert into record_duplicate_keys (entity, kind, key, block, record_id, owner_id)
        select ${e}, (x).kind, (x).key, (x).block, (x).record_id, (x).owner_id from (${keysOf(spec, page)}) s
        on conflict do nothing`
      })
      select p.id::text as last from ${page} p order by p.id desc limit 1`)
      .execute(db);
    const last = res.rows[0]?.last ?? null;
    if (!last) break;
    after = last;
  }
  if (spec.sharedGroups) {
    await sql
      .raw(`
      insert into record_duplicate_groups (entity, kind, key, block, members)
      select entity, kind, key, block, count(*) from record_duplicate_keys where entity = ${e}
        group by entity, kind, key, block having count(*) > 1`)
      .execute(db);
    return;
  }
  await sql
    .raw(`
    insert into record_duplicate_groups (entity, kind, key, block, members)
    select entity, kind, key, block, count(*) from record_duplicate_keys where entity = ${e}
      group by entity, kind, key, block
    union all
    select entity, kind, key, ${literal(ANY_CITY)}, count(*) from record_duplicate_keys
      where entity = ${e} and kind = 'name' group by entity, kind, key`)
    .execute(db);
}

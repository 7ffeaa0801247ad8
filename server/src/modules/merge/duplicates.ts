import { sql } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { Database } from "../../platform/db/database.js";
import { hidesAny } from "../companies/duplicates.js";
import type { MergeEntity } from "./service.js";

export interface DuplicateGroup {
  reason: "email" | "phone" | "taxId" | "name";
  value: string;
  ids: string[];
}

/**
 * Likely duplicates among the records the actor may read: the same normalized email, phone (E.164) or tax ID,
 * or trigram-similar names in the same city. Groups of at most 100, newest evidence first. A key the actor's
 * role hides is never grouped on (its values would be the group's `value`), and a hidden city is not compared.
 */
export async function findDuplicateGroups(db: Database, actor: Actor, entity: MergeEntity, limit = 100) {
  if (entity === "deals") return [];
  const table = sql.table(entity);
  const scope = ownerScope(actor, entity, "read", "r.owner_id");
  const byKey = (column: string, reason: DuplicateGroup["reason"]) => sql<DuplicateGroup>`
    select ${reason}::text as reason, k.key as value, array_agg(r.id order by r.created_at) as ids
    from ${table} r cross join lateral unnest(${sql.ref(`r.${column}`)}) as k(key)
    where r.deleted_at is null and ${scope}
    group by k.key having count(*) > 1`;
  const parts = [];
  if (!hidesAny(actor, entity, "emails", "email")) parts.push(byKey("email_values", "email"));
  if (!hidesAny(actor, entity, "phones", "phone")) parts.push(byKey("phone_e164", "phone"));
  if (entity === "companies" && !hidesAny(actor, entity, "taxIds"))
    parts.push(byKey("tax_id_values", "taxId"));
  if (!hidesAny(actor, entity, "name")) {
    const sameCity = hidesAny(actor, entity, "city", "addresses", "address")
      ? sql`true`
      : sql`coalesce(a.city, '') = coalesce(b.city, '')`;
    parts.push(sql<DuplicateGroup>`
      select 'name'::text as reason, min(a.name) as value, array[a.id] || array_agg(b.id order by b.created_at) as ids
      from ${table} a join ${table} b
        on b.id > a.id and tandem_search_norm(a.name) % tandem_search_norm(b.name)
          and similarity(tandem_search_norm(a.name), tandem_search_norm(b.name)) > 0.6 and ${sameCity}
      where a.deleted_at is null and b.deleted_at is null
        and ${ownerScope(actor, entity, "read", "a.owner_id")} and ${ownerScope(actor, entity, "read", "b.owner_id")}
      group by a.id`);
  }
  if (parts.length === 0) return [];
  const union = sql.join(parts, sql` union all `);
  const res = await sql<DuplicateGroup>`select * from (${union}) g limit ${limit}`.execute(db);
  return res.rows;
}

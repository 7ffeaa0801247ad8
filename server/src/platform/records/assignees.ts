import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, scopeFor } from "../access/actor.js";
import type { DB } from "../db/schema.js";

type Db = Kysely<DB> | Transaction<DB>;

export interface Assignee {
  id: string;
  name: string;
  email: string;
  avatarUrl: string | null;
  teamId: string | null;
}

/**
 * The active users the actor may make owners of `entity`'s records — the rule the owner checks apply on create,
 * PATCH and `POST /reassign`: assign scope all → anyone, team → themselves and their team, own → themselves,
 * none → nobody. `q` narrows by name or e-mail (case-insensitive part); the actor comes first, then by name.
 */
export async function assignableUsers(
  db: Db,
  actor: Actor,
  entity: string,
  opts: { q?: string; limit: number },
): Promise<Assignee[]> {
  const scope = scopeFor(actor, entity, "assign");
  if (scope === "none") return [];
  let query = db
    .selectFrom("users as u")
    .select(["u.id", "u.name", "u.email", "u.avatar_url", "u.team_id"])
    .where("u.is_active", "=", true);
  if (scope === "own" || (scope === "team" && !actor.teamId)) query = query.where("u.id", "=", actor.userId);
  else if (scope === "team") {
    const teamId = actor.teamId as string;
    query = query.where((eb) => eb.or([eb("u.id", "=", actor.userId), eb("u.team_id", "=", teamId)]));
  }
  const q = opts.q?.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("u.name", "ilike", like), eb("u.email", "ilike", like)]));
  }
  const rows = await query
    .orderBy(sql`u.id = ${actor.userId}`, "desc")
    .orderBy("u.name")
    .orderBy("u.id")
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    avatarUrl: r.avatar_url,
    teamId: r.team_id,
  }));
}

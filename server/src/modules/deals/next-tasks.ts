import { type Kysely, sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/access/actor.js";
import { scopeFor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import { ownerScope } from "../../platform/access/scope.js";
import type { DB } from "../../platform/db/schema.js";

export interface NextTask {
  id: string;
  title?: string;
  dueAt?: string | null;
  overdue?: boolean;
}

interface NextTaskRow {
  deal_id: string;
  id: string;
  title: string;
  due_at: Date | null;
  overdue: boolean;
}

/**
 * The next open task of each deal — earliest due first (undated last), then oldest — among the tasks the actor
 * may read. One set-based query: the deal ids as an array, a LATERAL probe of `task_links_record_idx` per deal.
 * A role without a tasks read scope gets an empty map (the board then omits `nextTask`); field rules on tasks
 * apply (a hidden title or due time is left out, and with the due time the overdue flag).
 */
export async function nextOpenTasks(
  trx: Kysely<DB> | Transaction<DB>,
  actor: Actor,
  dealIds: readonly string[],
): Promise<Map<string, NextTask>> {
  const out = new Map<string, NextTask>();
  if (dealIds.length === 0 || scopeFor(actor, "tasks", "read") === "none") return out;
  const rows = await sql<NextTaskRow>`
    select d.id as deal_id, nt.id, nt.title, nt.due_at, nt.overdue
    from unnest(${sql.val([...dealIds])}::uuid[]) as d(id)
    cross join lateral (
      select t.id, t.title, t.due_at, (t.overdue_at is not null and t.overdue_at <= now()) as overdue
      from task_links tl
      join tasks t on t.id = tl.task_id
      where tl.entity = 'deals' and tl.record_id = d.id
        and t.status = 'open' and t.deleted_at is null
        and ${ownerScope(actor, "tasks", "read", "t.owner_id")}
      order by t.due_at asc nulls last, t.created_at, t.id
      limit 1
    ) nt`.execute(trx);
  const hideTitle = isHidden(actor, "tasks", "title");
  const hideDue = isHidden(actor, "tasks", "dueAt");
  for (const r of rows.rows) {
    out.set(r.deal_id, {
      id: r.id,
      ...(hideTitle ? {} : { title: r.title }),
      ...(hideDue ? {} : { dueAt: r.due_at ? new Date(r.due_at).toISOString() : null, overdue: r.overdue }),
    });
  }
  return out;
}

import { type Kysely, sql, type Transaction } from "kysely";
import { type Actor, hasAdminPermission } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import type { MailboxOut } from "./schemas.js";
import type { MailboxesTable } from "./tables.js";
import { canManageMailbox } from "./visibility.js";

type Db = Kysely<DB> | Transaction<DB>;

import type { Selectable } from "kysely";
export type MailboxRow = Selectable<MailboxesTable>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Mailboxes the actor sees: their personal ones, shared ones granted to their team; admins every shared one. */
export async function visibleMailboxes(db: Db, actor: Actor, id?: string): Promise<MailboxRow[]> {
  const admin = hasAdminPermission(actor, "settings.manage");
  let q = db
    .selectFrom("mailboxes as mb")
    .selectAll("mb")
    .where("mb.deleted_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("mb.owner_id", "=", actor.userId),
        ...(admin ? [eb("mb.kind", "=", "shared")] : []),
        ...(actor.teamId
          ? [
              eb.and([
                eb("mb.kind", "=", "shared"),
                eb.exists(
                  eb
                    .selectFrom("mailbox_grants as g")
                    .select(sql`1`.as("x"))
                    .whereRef("g.mailbox_id", "=", "mb.id")
                    .where("g.team_id", "=", actor.teamId),
                ),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy("mb.kind", "desc")
    .orderBy("mb.name")
    .orderBy("mb.id");
  if (id) q = q.where("mb.id", "=", id);
  return q.execute();
}

export async function grantsOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("mailbox_grants")
    .select(["mailbox_id", "team_id"])
    .where("mailbox_id", "in", ids)
    .orderBy("team_id")
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.mailbox_id, [...(out.get(r.mailbox_id) ?? []), r.team_id]);
  return out;
}

export function presentMailbox(actor: Actor, m: MailboxRow, teamIds: string[]): MailboxOut {
  return {
    id: m.id,
    kind: m.kind as "personal" | "shared",
    ownerId: m.owner_id,
    name: m.name,
    address: m.address,
    preset: m.preset,
    imap: { host: m.imap_host, port: m.imap_port, tls: m.imap_tls as never },
    smtp: { host: m.smtp_host, port: m.smtp_port, tls: m.smtp_tls as never },
    username: m.username,
    hasPassword: true,
    signatureHtml: m.signature_html,
    state: m.state as MailboxOut["state"],
    lastError: m.last_error_code
      ? { code: m.last_error_code, message: m.last_error ?? "", at: iso(m.last_error_at) }
      : null,
    failures: m.failures,
    nextAttemptAt: iso(m.next_attempt_at),
    backfill: {
      days: m.backfill_days,
      total: m.backfill_total,
      done: m.backfill_done,
      completedAt: iso(m.backfill_completed_at),
    },
    lastSyncedAt: iso(m.last_synced_at),
    autoCreateContacts: m.auto_create_contacts,
    autoCreateDeals: m.auto_create_deals,
    teamIds,
    canManage: canManageMailbox(actor, m),
    createdAt: iso(m.created_at) as string,
    updatedAt: iso(m.updated_at) as string,
  };
}

export async function setGrants(trx: Transaction<DB>, mailboxId: string, teamIds: string[]): Promise<void> {
  await trx.deleteFrom("mailbox_grants").where("mailbox_id", "=", mailboxId).execute();
  if (teamIds.length > 0) {
    await trx
      .insertInto("mailbox_grants")
      .values([...new Set(teamIds)].map((team_id) => ({ mailbox_id: mailboxId, team_id })))
      .execute();
  }
}

export async function existingTeams(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("teams").select("id").where("id", "in", ids).execute();
  return new Set(rows.map((r) => r.id));
}

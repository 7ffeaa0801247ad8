import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { JobQueue } from "../../platform/jobs/queue.js";
import { actorForUser } from "../../platform/records/actor.js";
import type { EntityCatalog } from "../../platform/records/catalog.js";
import { splitFullName } from "../contacts/module.js";
import { linkThreadsOfAddresses } from "./linking.js";
import type { MailAddress } from "./parse.js";
import { domainOf, isPublicDomain } from "./public-domains.js";

export interface AutoCreateDeps {
  entities: EntityCatalog;
  jobs: JobQueue;
  log: { warn(o: object, m?: string): void };
}

/** A received letter whose sender may become a contact: its sender and subject. */
export interface ReceivedLetter {
  from: MailAddress;
  subject: string;
}

/**
 * The mailbox's "create contacts from unknown senders" rule, in the batch's transaction (so a crash can never
 * store the letter without applying the rule): each sender of a received letter that is still in "Not in CRM"
 * (automated senders never are) and not on the mailbox's own company domain becomes a contact — and, with
 * `auto_create_deals`, a deal titled by the letter's subject — created through the contacts/deals modules' own
 * services as the mailbox's owner (a shared mailbox: the admin who connected it), so the owner's permissions,
 * events and audit apply. Their threads are linked at once and they leave "Not in CRM". A creation the owner may
 * not make (or that fails otherwise) is rolled back to its savepoint and leaves the sender in "Not in CRM".
 */
export async function applyAutoCreate(
  trx: Transaction<DB>,
  deps: AutoCreateDeps,
  mailboxId: string,
  letters: ReceivedLetter[],
): Promise<string[]> {
  if (letters.length === 0) return [];
  const mb = await trx
    .selectFrom("mailboxes")
    .select(["address", "owner_id", "created_by", "auto_create_contacts", "auto_create_deals"])
    .where("id", "=", mailboxId)
    .executeTakeFirst();
  if (!mb?.auto_create_contacts) return [];
  const ownDomain = domainOf(mb.address);
  const bySender = new Map<string, ReceivedLetter>();
  for (const l of letters) {
    const d = domainOf(l.from.address);
    if ((d !== ownDomain || isPublicDomain(d)) && !bySender.has(l.from.address))
      bySender.set(l.from.address, l);
  }
  if (bySender.size === 0) return [];
  const unknown = await trx
    .selectFrom("mail_unknown_addresses")
    .select(["address", "name"])
    .where("mailbox_id", "=", mailboxId)
    .where("address", "in", [...bySender.keys()])
    .orderBy("address")
    .execute();
  const userId = mb.owner_id ?? mb.created_by;
  const actor = unknown.length > 0 && userId ? await actorForUser(trx, userId) : null;
  const contacts = deps.entities.get("contacts")?.creator;
  const deals = mb.auto_create_deals ? deps.entities.get("deals")?.creator : undefined;
  if (!actor || !contacts) return [];
  const ctx = { actor, requestId: `mail-auto-create:${mailboxId}`, ip: null, userAgent: null };
  const created: string[] = [];
  for (const u of unknown) {
    const letter = bySender.get(u.address) as ReceivedLetter;
    const [first, middle, last] = splitFullName((u.name ?? letter.from.name ?? "").replace(/["<>]/g, " "));
    const names = first
      ? { firstName: first, ...(middle ? { middleName: middle } : {}), ...(last ? { lastName: last } : {}) }
      : { firstName: u.address.split("@")[0] ?? u.address };
    await sql`savepoint mail_auto_create`.execute(trx);
    try {
      const contact = await contacts.create(trx, ctx, deps.jobs, {
        ...names,
        emails: [{ value: u.address }],
      });
      const deal = deals
        ? await deals.create(trx, ctx, deps.jobs, {
            title: (letter.subject.trim() || `${names.firstName} <${u.address}>`).slice(0, 300),
            contactId: contact.id,
          })
        : null;
      await linkThreadsOfAddresses(
        trx,
        contact.id,
        [u.address],
        actor.userId,
        deal ? [{ entity: "deals", id: deal.id }] : [],
      );
      await sql`release savepoint mail_auto_create`.execute(trx);
      created.push(contact.id);
    } catch (err) {
      await sql`rollback to savepoint mail_auto_create`.execute(trx);
      deps.log.warn({ mailbox: mailboxId, err: String(err) }, "mail auto-create refused");
    }
  }
  return created;
}

import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import { recordChange } from "../../platform/events/outbox.js";
import type { MailboxRef } from "./batch.js";
import type { MailAddress } from "./parse.js";
import { domainOf, isPublicDomain } from "./public-domains.js";

type Link = { entity: string; id: string };

/** The CRM records a batch's correspondents point at: contacts by address, their companies, companies by domain. */
export interface RecordLookup {
  linksFor(people: MailAddress[]): Link[];
  /** Addresses of these people plus every other address their contacts have. */
  sameContactAddresses(people: MailAddress[]): string[];
  isKnown(address: string): boolean;
}

/**
 * Two statements per batch, each one GIN probe per address / domain (`@> array[key]`, `offset 0` keeps each a
 * pure index lookup, as the imports' duplicate lookup does). One `&& batch_keys` was estimated at
 * 1 − 0.995^keys of the table (39 % for 100 addresses) and read every contact — and evaluated every company's
 * domains — once per batch, so a backfill's cost grew with the CRM's size (`linking-plan.test.ts`).
 */
export async function lookupRecords(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  addresses: string[],
): Promise<RecordLookup> {
  const ownDomain = domainOf(mailbox.address);
  const domains = [...new Set(addresses.map(domainOf))].filter(
    (d) => d && d !== ownDomain && !isPublicDomain(d),
  );
  const contacts =
    addresses.length === 0
      ? []
      : (
          await sql<{ id: string; email_values: string[]; companies: string[] }>`
        select c.id, c.email_values,
          coalesce(array(select cc.company_id from contact_companies cc join companies co on co.id = cc.company_id
            where cc.contact_id = c.id and co.deleted_at is null), '{}') as companies
        from contacts c where c.deleted_at is null and c.id in (
          select r.id from unnest(${addresses}::text[]) as k(address)
          cross join lateral (select r.id from contacts r where r.email_values @> array[k.address] offset 0) as r)`.execute(
            trx,
          )
        ).rows;
  const byDomain =
    domains.length === 0
      ? []
      : (
          await sql<{ id: string; domains: string[] }>`
        select co.id, tandem_company_domains(co.website, co.email_values) as domains from companies co
        where co.deleted_at is null and co.id in (
          select r.id from unnest(${domains}::text[]) as k(domain)
          cross join lateral (select r.id from companies r where r.deleted_at is null
            and tandem_company_domains(r.website, r.email_values) @> array[k.domain] offset 0) as r)`.execute(
            trx,
          )
        ).rows;
  const contactsOf = new Map<string, typeof contacts>();
  for (const c of contacts) {
    for (const e of c.email_values) contactsOf.set(e, [...(contactsOf.get(e) ?? []), c]);
  }
  const companiesOfDomain = new Map<string, string[]>();
  for (const co of byDomain) {
    for (const d of co.domains) companiesOfDomain.set(d, [...(companiesOfDomain.get(d) ?? []), co.id]);
  }
  return {
    linksFor(people) {
      const out = new Map<string, Link>();
      const add = (entity: string, id: string) => out.set(`${entity}:${id}`, { entity, id });
      for (const p of people) {
        for (const c of contactsOf.get(p.address) ?? []) {
          add("contacts", c.id);
          for (const co of c.companies) add("companies", co);
        }
        const d = domainOf(p.address);
        if (d !== ownDomain && !isPublicDomain(d))
          for (const co of companiesOfDomain.get(d) ?? []) add("companies", co);
      }
      return [...out.values()];
    },
    sameContactAddresses(people) {
      const out = new Set(people.map((p) => p.address));
      for (const p of people)
        for (const c of contactsOf.get(p.address) ?? []) for (const e of c.email_values) out.add(e);
      return [...out];
    },
    isKnown: (address) => contactsOf.has(address),
  };
}

export interface StoredMessage {
  messageRowId: string;
  threadId: string;
  /** Correspondents: every From/To/Cc address except the mailbox's own. */
  people: MailAddress[];
  direction: "in" | "out";
  sentAt: Date;
}

const AUTOMATED = /^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounce[s]?)[@+.-]/i;

/**
 * Links stored messages and their threads: each message to the records its correspondents point at; each
 * thread to the union of its messages' records plus those users or earlier messages gave it (deals…), so a
 * reply is on the same records; a link a user removed stays removed. Correspondents no contact has go to
 * "Not in CRM" (the sender of received mail, the recipients of sent mail). Returns each message's links.
 */
export async function storeLinks(
  trx: Transaction<DB>,
  mailbox: MailboxRef,
  records: RecordLookup,
  messages: StoredMessage[],
  actorId: string | null,
): Promise<Map<string, Link[]>> {
  const byMessage = new Map(messages.map((m) => [m.messageRowId, records.linksFor(m.people)]));
  const messageLinks = messages.flatMap((m) =>
    (byMessage.get(m.messageRowId) ?? []).map((l) => ({ m: m.messageRowId, ...l })),
  );
  if (messageLinks.length > 0) {
    await sql`
      insert into mail_message_links (message_id, entity, record_id)
      select x.m, x.entity, x.id from jsonb_to_recordset(${JSON.stringify(messageLinks)}::jsonb) as x(m uuid, entity text, id uuid)
      on conflict do nothing`.execute(trx);
  }
  const threadLinks = new Map<string, { t: string; entity: string; id: string }>();
  for (const l of messages.flatMap((m) =>
    (byMessage.get(m.messageRowId) ?? []).map((x) => ({ t: m.threadId, ...x })),
  )) {
    threadLinks.set(`${l.t}:${l.entity}:${l.id}`, l);
  }
  if (threadLinks.size > 0) {
    const added = await sql<{ thread_id: string; entity: string; record_id: string }>`
      insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at, linked_by)
      select x.t, x.entity, x.id, 'address', t.last_message_at, ${actorId}::uuid
      from jsonb_to_recordset(${JSON.stringify([...threadLinks.values()])}::jsonb) as x(t uuid, entity text, id uuid)
      join mail_threads t on t.id = x.t
      on conflict (thread_id, entity, record_id) do nothing
      returning thread_id, entity, record_id`.execute(trx);
    await linkEvents(trx, mailbox.id, added.rows, "address", actorId);
  }
  const threads = [...new Set(messages.map((m) => m.threadId))];
  await sql`
    update mail_thread_links l set last_message_at = t.last_message_at
    from mail_threads t where t.id = l.thread_id and l.thread_id = any(${threads}::uuid[])
      and l.last_message_at <> t.last_message_at`.execute(trx);

  const unknown = new Map<
    string,
    { address: string; name: string | null; first: string; last: string; n: number; thread: string }
  >();
  for (const m of messages) {
    const side = m.direction === "in" ? m.people.slice(0, 1) : m.people;
    for (const p of side) {
      if (records.isKnown(p.address) || AUTOMATED.test(p.address)) continue;
      const at = m.sentAt.toISOString();
      const u = unknown.get(p.address);
      if (!u)
        unknown.set(p.address, {
          address: p.address,
          name: p.name || null,
          first: at,
          last: at,
          n: 1,
          thread: m.threadId,
        });
      else {
        u.n += 1;
        if (at < u.first) u.first = at;
        if (at >= u.last) {
          u.last = at;
          u.thread = m.threadId;
        }
        u.name = u.name ?? (p.name || null);
      }
    }
  }
  if (unknown.size > 0) {
    await sql`
      insert into mail_unknown_addresses (mailbox_id, address, name, first_seen_at, last_seen_at, message_count, last_thread_id)
      select ${mailbox.id}, x.address, x.name, x.first, x.last, x.n, x.thread
      from jsonb_to_recordset(${JSON.stringify([...unknown.values()])}::jsonb)
        as x(address text, name text, first timestamptz, last timestamptz, n integer, thread uuid)
      on conflict (mailbox_id, address) do update set
        message_count = mail_unknown_addresses.message_count + excluded.message_count,
        name = coalesce(mail_unknown_addresses.name, excluded.name),
        first_seen_at = least(mail_unknown_addresses.first_seen_at, excluded.first_seen_at),
        last_thread_id = case when excluded.last_seen_at >= mail_unknown_addresses.last_seen_at
          then excluded.last_thread_id else mail_unknown_addresses.last_thread_id end,
        last_seen_at = greatest(mail_unknown_addresses.last_seen_at, excluded.last_seen_at)`.execute(trx);
  }
  return byMessage;
}

async function linkEvents(
  trx: Transaction<DB>,
  mailboxId: string,
  rows: { thread_id: string; entity: string; record_id: string }[],
  source: string,
  actorId: string | null,
) {
  if (rows.length === 0) return;
  await recordChange(
    trx,
    { actorId },
    rows.map((r) => ({
      entity: "mailThreads",
      entityId: r.thread_id,
      action: "link",
      changes: { mailboxId, entity: r.entity, recordId: r.record_id, source },
    })) as never,
  );
}

/** Adds thread links (kept if a user unlinked them); writes `mailThreads.link` for each new one. */
export async function addThreadLinks(
  trx: Transaction<DB>,
  threadId: string,
  links: Link[],
  source: "address" | "company" | "domain" | "thread" | "user" | "auto",
  actorId: string | null,
  mailboxId: string,
): Promise<Link[]> {
  if (links.length === 0) return [];
  const added = await sql<{ thread_id: string; entity: string; record_id: string }>`
    insert into mail_thread_links (thread_id, entity, record_id, source, last_message_at, linked_by)
    select ${threadId}, x.entity, x.id, ${source}, t.last_message_at, ${actorId}
    from unnest(${links.map((l) => l.entity)}::text[], ${links.map((l) => l.id)}::uuid[]) as x(entity, id)
    cross join mail_threads t where t.id = ${threadId}
    on conflict (thread_id, entity, record_id) do nothing
    returning thread_id, entity, record_id`.execute(trx);
  await linkEvents(trx, mailboxId, added.rows, source, actorId);
  return added.rows.map((r) => ({ entity: r.entity, id: r.record_id }));
}

/**
 * A contact gained e-mail addresses (created, or an address added): threads of those addresses get linked to it
 * (and to its companies) — "Not in CRM" becomes linked without re-reading any mail.
 */
export async function linkThreadsOfAddresses(
  trx: Transaction<DB>,
  contactId: string,
  addresses: string[],
  actorId: string | null,
  /** Further records the threads join (a deal created with the contact). */
  extra: Link[] = [],
): Promise<number> {
  if (addresses.length === 0) return 0;
  const threads = await sql<{ id: string; mailbox_id: string }>`
    select id, mailbox_id from mail_threads where participant_addresses && ${addresses}::text[]
    limit 5000`.execute(trx);
  const companies = await sql<{ company_id: string }>`
    select cc.company_id from contact_companies cc join companies c on c.id = cc.company_id
    where cc.contact_id = ${contactId} and c.deleted_at is null`.execute(trx);
  const links: Link[] = [
    { entity: "contacts", id: contactId },
    ...companies.rows.map((r) => ({ entity: "companies", id: r.company_id })),
    ...extra,
  ];
  for (const t of threads.rows) {
    await addThreadLinks(trx, t.id, links, "address", actorId, t.mailbox_id);
  }
  await sql`delete from mail_unknown_addresses where address = any(${addresses}::text[])`.execute(trx);
  return threads.rows.length;
}

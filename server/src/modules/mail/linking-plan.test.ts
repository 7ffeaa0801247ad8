import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { useStatementPlans } from "../../test/statement-plans.js";
import { lookupRecords } from "./linking.js";

/**
 * A batch's correspondents are looked up once per batch (`lookupRecords`). One `email_values && batch_addresses`
 * (and `tandem_company_domains(…) && batch_domains`) was estimated at 1 − 0.995^keys of the table — 39 % for
 * 100 addresses — so the planner read every contact and evaluated every company's domains per batch: a
 * backfill's cost grew with the CRM (5.4–10 ms of PostgreSQL per message into the 100k bench set against 1.1 ms at
 * 10k). With 3,000 contacts and 1,500 companies analysed, a batch's 150 addresses / 150 domains must stay one GIN
 * probe per key; and the lookup still finds exactly what `&&` found.
 */
describe("mail linking lookup plan", () => {
  const t = useTestContext();
  const capture = useStatementPlans(t);
  const { statements } = capture;
  let ivan: string;
  let acme: string;
  let beta: string;

  beforeAll(async () => {
    const owner = (await createUser(t.db, {})).id;
    await sql`insert into contacts (name, first_name, last_name, owner_id, email_values)
      select 'Client ' || i, 'Client', 'N' || i, ${owner}, array['client' || i || '@firm' || i || '.test']
      from generate_series(1, 3000) i`.execute(t.db);
    await sql`insert into companies (name, owner_id, website, email_values)
      select 'Firm ' || i, ${owner}, 'https://www.firm' || i || '.test/about', array['info@firm' || i || '.test']
      from generate_series(1, 1500) i`.execute(t.db);
    ivan = (
      await sql<{ id: string }>`insert into contacts (name, first_name, last_name, owner_id, email_values)
        values ('Ivan Petrov', 'Ivan', 'Petrov', ${owner}, array['ivan@acme.test', 'ivan.petrov@gmail.com'])
        returning id`.execute(t.db)
    ).rows[0]?.id as string;
    acme = (
      await sql<{
        id: string;
      }>`insert into companies (name, owner_id, website) values ('Acme', ${owner}, 'acme.test')
        returning id`.execute(t.db)
    ).rows[0]?.id as string;
    beta = (
      await sql<{ id: string }>`insert into companies (name, owner_id, email_values)
        values ('Beta', ${owner}, array['sales@beta.test']) returning id`.execute(t.db)
    ).rows[0]?.id as string;
    await sql`insert into contact_companies (contact_id, company_id, is_primary) values (${ivan}, ${beta}, true)`.execute(
      t.db,
    );
    // Deleted records are never linked.
    await sql`insert into contacts (name, first_name, last_name, owner_id, email_values, deleted_at)
      values ('Gone', 'Gone', 'Gone', ${owner}, array['gone@acme.test'], now())`.execute(t.db);
    await sql`insert into companies (name, owner_id, website, deleted_at)
      values ('Gone Ltd', ${owner}, 'https://gone.test', now())`.execute(t.db);
    await sql`analyze contacts, companies, contact_companies`.execute(t.db);
  });

  /** 150 addresses of 150 non-public domains nobody has, plus the given ones. */
  const batch = (extra: string[]) => [
    ...Array.from({ length: 150 }, (_, i) => `stranger${i}@unknown${i}.test`),
    ...extra,
  ];
  const mailbox = { id: "00000000-0000-0000-0000-000000000000", address: "me@corp.test", username: "me" };

  async function lookup(addresses: string[]) {
    statements.length = 0;
    const records = await capture.db.transaction().execute((trx) => lookupRecords(trx, mailbox, addresses));
    const plans: string[] = [];
    for (const s of statements.filter((x) => /\bfrom (contacts|companies)\b/.test(x.sql))) {
      // The captured statement with its own parameters: planned as the batch's custom plan is.
      const res = await capture.explain(s);
      plans.push(res.join("\n"));
    }
    return { records, plans };
  }

  it("probes the GIN indexes once per address and per domain, never reading every contact or company", async () => {
    const { plans } = await lookup(batch(["client7@firm7.test", "x@firm9.test"]));
    expect(plans).toHaveLength(2);
    const [contacts, companies] = plans as [string, string];
    expect(contacts).not.toMatch(/Seq Scan on contacts\b/);
    expect(contacts).toMatch(/Bitmap Index Scan on contacts_emails_gin/);
    expect(companies).not.toMatch(/Seq Scan on companies\b/);
    expect(companies).toMatch(/Bitmap Index Scan on companies_mail_domains_gin/);
  });

  it("finds the contacts by any of their addresses, their companies and companies by domain, never deleted ones", async () => {
    const { records } = await lookup(
      batch(["ivan.petrov@gmail.com", "gone@acme.test", "someone@gone.test", "client7@firm7.test"]),
    );
    const client7 = (
      await sql<{
        id: string;
      }>`select id from contacts where email_values @> array['client7@firm7.test']`.execute(t.db)
    ).rows[0]?.id;
    const firm7 = (await sql<{ id: string }>`select id from companies where name = 'Firm 7'`.execute(t.db))
      .rows[0]?.id;
    const links = (address: string) =>
      records
        .linksFor([{ name: "", address }])
        .map((l) => `${l.entity}:${l.id}`)
        .sort();
    // Ivan by his personal address: Ivan and his company (gmail.com is public: no company by domain).
    expect(links("ivan.petrov@gmail.com")).toEqual([`companies:${beta}`, `contacts:${ivan}`].sort());
    expect(records.sameContactAddresses([{ name: "", address: "ivan.petrov@gmail.com" }]).sort()).toEqual([
      "ivan.petrov@gmail.com",
      "ivan@acme.test",
    ]);
    // A deleted contact is unknown; its domain still names Acme (website "acme.test").
    expect(records.isKnown("gone@acme.test")).toBe(false);
    expect(links("gone@acme.test")).toEqual([`companies:${acme}`]);
    // A deleted company is never linked by its domain.
    expect(links("someone@gone.test")).toEqual([]);
    expect(links("client7@firm7.test")).toEqual([`companies:${firm7}`, `contacts:${client7}`].sort());
    expect(links("stranger1@unknown1.test")).toEqual([]);
  });
});

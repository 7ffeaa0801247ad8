import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { fastWorker, mailboxBody, multipartWithAttachments, rfc822, waitFor } from "./test-mail.js";
import type { MailSyncWorker } from "./worker.js";

const ALICE = "alice@test.local";

describe.skipIf(!dovecotAvailable())("mail sync against a real Dovecot", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let rig: MailRig;
  let alice: Record<string, string>;
  let worker: MailSyncWorker;
  let mailboxId: string;
  let acme: string;
  let beta: string;
  let ivan: string;

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    payload?: object,
    headers = alice,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const messages = () =>
    t.db
      .selectFrom("mail_messages")
      .selectAll()
      .where("mailbox_id", "=", mailboxId)
      .orderBy("sent_at")
      .execute();
  const linksOf = async (threadId: string) =>
    (
      await t.db
        .selectFrom("mail_thread_links")
        .select(["entity", "record_id", "source"])
        .where("thread_id", "=", threadId)
        .where("unlinked_at", "is", null)
        .execute()
    )
      .map((l) => `${l.entity}:${l.record_id}`)
      .sort();

  beforeAll(async () => {
    rig = await startMailRig({ users: [{ user: ALICE, password: "secret-1" }] });
    const user = await createUser(t.db, { roleKey: "sales_manager" });
    alice = await tokenHeaders(t.db, user.id);
    acme = (
      await call("POST", "/api/v1/companies", { name: "Acme", website: "https://www.acme-corp.test/" })
    ).json().id;
    beta = (
      await call("POST", "/api/v1/companies", { name: "Beta", emails: [{ value: "info@beta-llc.test" }] })
    ).json().id;
    const res = await call("POST", "/api/v1/contacts", {
      firstName: "Ivan",
      lastName: "Petrov",
      emails: [{ value: "ivan@acme-corp.test" }, { value: "ivan.petrov@gmail.com", kind: "personal" }],
      companies: [{ companyId: acme }],
    });
    expect(res.statusCode, res.body).toBe(201);
    ivan = res.json().id;
  });

  afterAll(async () => {
    await worker?.stop();
    await rig?.stop();
  });

  it("refuses a wrong password on save with authentication_failed, storing nothing", async () => {
    const res = await call("POST", "/api/v1/mailboxes", mailboxBody(rig, ALICE, "wrong"));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe("authentication_failed");
    expect(await t.db.selectFrom("mailboxes").select("id").execute()).toEqual([]);
  });

  it("refuses hosts that resolve to link-local / cloud metadata addresses", async () => {
    for (const host of ["169.254.169.254", "10.0.0.8", "::1"]) {
      const res = await call("POST", "/api/v1/mailboxes", {
        ...mailboxBody(rig, ALICE, "secret-1"),
        imap: { host, port: 993, tls: "tls" },
      });
      expect(res.statusCode, `${host}: ${res.body}`).toBe(422);
      expect(res.json().code).toBe("unsafe_destination");
    }
  });

  it("connects, syncs new mail within seconds and links it to the contact, its company and by domain", async () => {
    const res = await call("POST", "/api/v1/mailboxes", mailboxBody(rig, ALICE, "secret-1"));
    expect(res.statusCode, res.body).toBe(201);
    const mb = res.json();
    mailboxId = mb.id;
    expect(JSON.stringify(mb)).not.toContain("secret-1");
    const stored = await t.db.selectFrom("mailboxes").select("password_sealed").executeTakeFirstOrThrow();
    expect(stored.password_sealed).not.toContain("secret-1");

    worker = fastWorker(t.deps);
    worker.start();
    await waitFor(
      async () => (await call("GET", `/api/v1/mailboxes/${mailboxId}`)).json().state,
      (s) => s === "live",
    );
    rig.deliver(
      ALICE,
      rfc822({
        from: "Ivan Petrov <ivan@acme-corp.test>",
        to: ALICE,
        cc: "Olga <olga@beta-llc.test>",
        subject: "Offer for 2027",
        messageId: "offer-1@acme-corp.test",
        body: "Please send the offer.",
      }),
    );
    const [m] = await waitFor(messages, (r) => r.length === 1, 10_000);
    expect(m).toMatchObject({
      direction: "in",
      subject: "Offer for 2027",
      from_address: "ivan@acme-corp.test",
    });
    expect(await linksOf(m?.thread_id as string)).toEqual(
      [`contacts:${ivan}`, `companies:${acme}`, `companies:${beta}`].sort(),
    );
    const tl = (await call("GET", `/api/v1/timeline/contacts/${ivan}`)).json();
    expect(tl.items[0]).toMatchObject({
      id: m?.thread_id,
      kind: "email",
      subject: "Offer for 2027",
      event: { type: "mailThread", messageCount: 1, unread: true },
    });
    expect(tl.items[0].links.map((l: { entity: string; id: string }) => `${l.entity}:${l.id}`)).toEqual(
      [`contacts:${ivan}`, `companies:${acme}`, `companies:${beta}`].sort(),
    );
    const company = (await call("GET", `/api/v1/timeline/companies/${acme}`)).json();
    expect(company.items.map((i: { id: string }) => i.id)).toContain(m?.thread_id);
  });

  it("a reply joins its thread: changed subject, another address of the same contact, no references", async () => {
    const [first] = await messages();
    const thread = first?.thread_id as string;
    rig.deliver(
      ALICE,
      rfc822({
        from: "Ivan <ivan.petrov@gmail.com>",
        to: ALICE,
        subject: "Changed subject entirely",
        messageId: "reply-2@gmail.com",
        inReplyTo: "offer-1@acme-corp.test",
        references: ["offer-1@acme-corp.test"],
        body: "New text here.\n\nOn Mon, Dec 1, 2026 at 10:00 Alice <alice@test.local> wrote:\n> old text",
      }),
    );
    rig.deliver(
      ALICE,
      rfc822({
        from: "ivan.petrov@gmail.com",
        to: ALICE,
        subject: "RE: Offer for 2027",
        messageId: "reply-3@gmail.com",
      }),
    );
    rig.deliver(
      ALICE,
      rfc822({
        from: ALICE,
        to: "ivan@acme-corp.test",
        subject: "Re: Offer for 2027",
        messageId: "sent-4@test.local",
        inReplyTo: "reply-2@gmail.com",
      }),
      "Sent",
    );
    const all = await waitFor(messages, (r) => r.length === 4, 10_000);
    expect(new Set(all.map((m) => m.thread_id))).toEqual(new Set([thread]));
    const reply = all.find((m) => m.message_id === "reply-2@gmail.com");
    expect(reply).toMatchObject({ reply_text: "New text here.", has_quoted: true });
    expect(all.find((m) => m.message_id === "sent-4@test.local")?.direction).toBe("out");
    const th = await t.db
      .selectFrom("mail_threads")
      .selectAll()
      .where("id", "=", thread)
      .executeTakeFirstOrThrow();
    expect(th.message_count).toBe(4);
    // Not a new thread for a fresh subject from the same contact without references.
    rig.deliver(
      ALICE,
      rfc822({
        from: "ivan@acme-corp.test",
        to: ALICE,
        subject: "Another topic",
        messageId: "new-5@acme-corp.test",
      }),
    );
    const five = await waitFor(messages, (r) => r.length === 5, 10_000);
    expect(five.find((m) => m.message_id === "new-5@acme-corp.test")?.thread_id).not.toBe(thread);
  });

  it("unknown senders land in Not in CRM; creating the contact links their past mail", async () => {
    rig.deliver(
      ALICE,
      rfc822({
        from: "Stranger <stranger@gmail.com>",
        to: ALICE,
        subject: "Question",
        messageId: "q-6@gmail.com",
      }),
    );
    await waitFor(messages, (r) => r.length === 6, 10_000);
    const list = (await call("GET", `/api/v1/mailboxes/unknown-senders?mailboxId=${mailboxId}`)).json();
    expect(list.items.map((i: { address: string }) => i.address)).toContain("stranger@gmail.com");
    const c = await call("POST", "/api/v1/contacts", {
      firstName: "Sam",
      emails: [{ value: "stranger@gmail.com" }],
    });
    expect(c.statusCode, c.body).toBe(201);
    await t.relay.drain("mail.contact-addresses");
    const msg = (await messages()).find((m) => m.message_id === "q-6@gmail.com");
    expect(await linksOf(msg?.thread_id as string)).toEqual([`contacts:${c.json().id}`]);
    const after = (await call("GET", `/api/v1/mailboxes/unknown-senders?mailboxId=${mailboxId}`)).json();
    expect(after.items.map((i: { address: string }) => i.address)).not.toContain("stranger@gmail.com");
  });

  it("a user links a thread once; later replies stay linked; an unlink sticks", async () => {
    const msg = (await messages()).find((m) => m.message_id === "q-6@gmail.com");
    const thread = msg?.thread_id as string;
    const link = await call("POST", `/api/v1/conversations/${thread}/links`, {
      entity: "companies",
      recordId: beta,
    });
    expect(link.statusCode, link.body).toBe(200);
    rig.deliver(
      ALICE,
      rfc822({
        from: "stranger@gmail.com",
        to: ALICE,
        subject: "Re: Question",
        messageId: "q-7@gmail.com",
        references: ["q-6@gmail.com"],
      }),
    );
    const all = await waitFor(messages, (r) => r.length === 7, 10_000);
    expect(all.find((m) => m.message_id === "q-7@gmail.com")?.thread_id).toBe(thread);
    expect(await linksOf(thread)).toContain(`companies:${beta}`);
    const tl = (await call("GET", `/api/v1/timeline/companies/${beta}`)).json();
    expect(tl.items[0]).toMatchObject({ id: thread, event: { messageCount: 2 } });
    expect((await call("DELETE", `/api/v1/conversations/${thread}/links/companies/${beta}`)).statusCode).toBe(
      204,
    );
    expect(await linksOf(thread)).not.toContain(`companies:${beta}`);
    // Another user without access to the mailbox or the records cannot see or link it.
    const bob = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    expect(
      (
        await call(
          "POST",
          `/api/v1/conversations/${thread}/links`,
          { entity: "companies", recordId: beta },
          bob,
        )
      ).statusCode,
    ).toBe(404);
    expect((await call("GET", `/api/v1/mailboxes/${mailboxId}`, undefined, bob)).statusCode).toBe(404);
  });

  it("reads Windows-1251 and KOI8-R messages correctly through IMAP", async () => {
    const { default: iconv } = await import("iconv-lite");
    for (const charset of ["windows-1251", "koi8-r"]) {
      const raw = Buffer.concat([
        Buffer.from(
          [
            "From: ivan@acme-corp.test",
            `To: ${ALICE}`,
            `Subject: =?${charset}?B?${iconv.encode("Договор поставки", charset).toString("base64")}?=`,
            `Message-ID: <${charset}-${randomBytes(3).toString("hex")}@acme-corp.test>`,
            `Date: ${new Date().toUTCString()}`,
            "MIME-Version: 1.0",
            `Content-Type: text/plain; charset=${charset}`,
            "Content-Transfer-Encoding: 8bit",
            "",
            "",
          ].join("\r\n"),
        ),
        iconv.encode("Здравствуйте! Высылаю договор.", charset),
      ]);
      const before = (await messages()).length;
      rig.deliver(ALICE, raw);
      const all = await waitFor(messages, (r) => r.length === before + 1, 10_000);
      const m = all.find((x) => x.message_id.startsWith(charset));
      expect(m?.subject, charset).toBe("Договор поставки");
      expect(m?.text_body.trim(), charset).toBe("Здравствуйте! Высылаю договор.");
    }
  });

  it("keeps attachment bytes in the files store, downloadable from the thread with their sniffed type", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    const program = Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(200, 1)]);
    const raw = multipartWithAttachments({
      from: "ivan@acme-corp.test",
      to: ALICE,
      subject: "Signed contract",
      messageId: "contract-att@acme-corp.test",
      text: "The contract is attached.",
      attachments: [
        { name: "contract.pdf", bytes: pdf },
        { name: "setup.exe", bytes: program },
      ],
    });
    const before = (await messages()).length;
    rig.deliver(ALICE, raw);
    const all = await waitFor(messages, (r) => r.length === before + 1, 10_000);
    const m = all.find((x) => x.message_id === "contract-att@acme-corp.test");
    const thread = (await call("GET", `/api/v1/conversations/${m?.thread_id}`)).json();
    const letter = thread.messages.find((x: { id: string }) => x.id === m?.id);
    const byName = new Map(
      letter.attachments.map((a: { name: string; downloadUrl: string | null }) => [a.name, a]),
    );
    const contract = byName.get("contract.pdf") as { downloadUrl: string };
    expect(contract.downloadUrl).toBeTruthy();
    const dl = await call("GET", contract.downloadUrl);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers["content-type"]).toBe("application/pdf");
    expect(String(dl.headers["content-disposition"])).toMatch(/^attachment/);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    // A program is not stored (as for any upload): the letter lists it without a download.
    expect(byName.get("setup.exe")).toMatchObject({ downloadUrl: null });
    // Another user who may not read the thread gets 404, whatever they guess.
    const bob = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    expect((await call("GET", contract.downloadUrl, undefined, bob)).statusCode).toBe(404);
  });

  it("the mailbox's rule creates a contact and a deal for an unknown sender, linked at once", async () => {
    const on = await call("PATCH", `/api/v1/mailboxes/${mailboxId}`, {
      autoCreateContacts: true,
      autoCreateDeals: true,
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json()).toMatchObject({ autoCreateContacts: true, autoCreateDeals: true });
    const before = (await messages()).length;
    rig.deliver(
      ALICE,
      rfc822({ from: "Maria Ivanova <maria@new-client.test>", to: ALICE, subject: "Need a quote" }),
    );
    rig.deliver(ALICE, rfc822({ from: "noreply@new-client.test", to: ALICE, subject: "Newsletter" }));
    rig.deliver(ALICE, rfc822({ from: "colleague@test.local", to: ALICE, subject: "Lunch?" }));
    const all = await waitFor(messages, (r) => r.length === before + 3, 10_000);
    const contacts = await t.db
      .selectFrom("contacts")
      .select(["id", "first_name", "last_name", "owner_id"])
      .where(
        "email_values",
        "&&",
        sql<
          string[]
        >`${["maria@new-client.test", "noreply@new-client.test", "colleague@test.local"]}::text[]`,
      )
      .execute();
    expect(contacts).toHaveLength(1);
    const maria = contacts[0] as (typeof contacts)[number];
    expect(maria).toMatchObject({ first_name: "Maria", last_name: "Ivanova" });
    const deal = await t.db
      .selectFrom("deals")
      .select(["id", "title", "contact_id", "owner_id"])
      .where("contact_id", "=", maria.id)
      .executeTakeFirstOrThrow();
    expect(deal.title).toBe("Need a quote");
    expect(deal.owner_id).toBe(maria.owner_id);
    const letter = all.find((m) => m.subject === "Need a quote");
    expect(await linksOf(letter?.thread_id as string)).toEqual(
      [`contacts:${maria.id}`, `deals:${deal.id}`].sort(),
    );
    const unknown = (await call("GET", `/api/v1/mailboxes/unknown-senders?mailboxId=${mailboxId}`)).json();
    expect(unknown.items.map((i: { address: string }) => i.address)).not.toContain("maria@new-client.test");
    const off = await call("PATCH", `/api/v1/mailboxes/${mailboxId}`, { autoCreateContacts: false });
    expect(off.statusCode, off.body).toBe(200);
  });

  it("a changed password puts the mailbox in the error state with back-off, without crashing", async () => {
    rig.setPassword(ALICE, "rotated");
    await worker.stop();
    await t.db.updateTable("mailboxes").set({ lease_owner: null, lease_expires_at: null }).execute();
    worker = fastWorker(t.deps);
    worker.start();
    const mb = await waitFor(
      async () => (await call("GET", `/api/v1/mailboxes/${mailboxId}`)).json(),
      (m) => m.state === "error",
    );
    expect(mb.lastError).toMatchObject({ code: "authentication_failed" });
    expect(new Date(mb.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    expect(mb.failures).toBe(1);
    await waitFor(
      async () => worker.running(),
      (r) => r.length === 0,
    );
    rig.setPassword(ALICE, "secret-1");
  });
});

import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStore } from "../../platform/files/blobs.js";
import { createTeam, createUser, tokenHeaders } from "../../test/auth.js";
import { dovecotAvailable, type MailRig, maildirCount, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { insertContact } from "../activities/test-records.js";
import { type SendDeps, sendOne } from "./send-job.js";
import { insertMailbox, insertReceivedThread } from "./test-support.js";

type H = Record<string, string>;
const log = pino({ level: "silent" });
const ALICE = "alice@corp.test";
const CLIENT = "client@client.test";

/**
 * Sending against a real Dovecot + SMTP rig: a reply arrives in the client's mailbox threaded and is filed in
 * the Sent folder; the job never sends a letter twice (retries, crash after claim); a failing SMTP server
 * shows its reason and a retry sends it; send later and cancel; bad input.
 */
describe.skipIf(!dovecotAvailable())("conversations: sending over SMTP + IMAP (Dovecot rig)", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let rig: MailRig;
  let alice: H;
  let bob: H;
  let mailbox: string;
  let contact: string;
  let thread: { threadId: string; messageId: string };
  let deps: SendDeps;

  beforeAll(async () => {
    rig = await startMailRig({
      users: [
        { user: ALICE, password: "alice-pw" },
        { user: CLIENT, password: "client-pw" },
        { user: "boss@client.test", password: "boss-pw" },
      ],
    });
    const team = await createTeam(t.db, "Send team");
    const a = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    const b = await createUser(t.db, { roleKey: "sales_manager", teamId: team.id });
    alice = await tokenHeaders(t.db, a.id);
    bob = await tokenHeaders(t.db, b.id);
    contact = await insertContact(t.db, a.id);
    mailbox = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: a.id,
      address: ALICE,
      imapPort: rig.imapPort,
      smtpPort: rig.smtpPort,
      password: "alice-pw",
    });
    thread = await insertReceivedThread(t.db, mailbox, {
      subject: "Price list",
      from: CLIENT,
      to: ALICE,
      messageId: "orig-1@client.test",
      links: [{ entity: "contacts", id: contact }],
    });
    await t.db
      .updateTable("mail_messages")
      .set({ cc: JSON.stringify([{ name: "Boss", address: "boss@client.test" }]) })
      .where("id", "=", thread.messageId)
      .execute();
    const store = blobStore(t.deps.config);
    deps = { db: t.db, secrets: t.deps.secrets, allow: ["127.0.0.1"], openBlob: (sha) => store.get(sha) };
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  const reply = (h: H, payload: object, id = thread.threadId) =>
    t.app.inject({ method: "POST", url: `/api/v1/conversations/${id}/messages`, headers: h, payload });
  const get = (h: H, id = thread.threadId) =>
    t.app.inject({ method: "GET", url: `/api/v1/conversations/${id}`, headers: h });
  const row = (id: string) =>
    t.db.selectFrom("mail_messages").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("a reply shows at once as queued, then arrives in the client's mailbox threaded and is filed in Sent", async () => {
    const res = await reply(alice, { mode: "reply", parentId: thread.messageId, html: "<p>Here it is</p>" });
    expect(res.statusCode, res.body).toBe(202);
    const sent = res.json().message;
    expect(sent.sendStatus).toBe("queued");
    expect(sent.to).toEqual([{ name: "Client", address: CLIENT }]);
    expect(sent.subject).toBe("Re: Price list");
    const shown = (await get(alice)).json();
    expect(shown.messages.map((m: { id: string }) => m.id)).toContain(sent.id);
    expect(shown.lastSendStatus).toBe("queued");

    await sendOne(deps, sent.id, log);
    const stored = await row(sent.id);
    expect(stored.send_status).toBe("sent");
    expect(rig.smtpReceived).toHaveLength(1);
    const raw = rig.smtpReceived[0]?.raw.toString("utf8") ?? "";
    expect(rig.smtpReceived[0]?.to).toEqual([CLIENT]);
    expect(raw).toMatch(/^In-Reply-To: <orig-1@client\.test>/m);
    expect(raw).toMatch(/^References: <orig-1@client\.test>/m);
    expect(raw).toContain(`Message-ID: <${stored.message_id}>`);
    expect(raw).toContain("Here it is");
    expect(maildirCount(rig, CLIENT)).toBe(1);
    expect(maildirCount(rig, ALICE, "Sent")).toBe(1);
    const events = await t.db
      .selectFrom("change_events")
      .select(["action", "changes"])
      .where("entity", "=", "mailMessages")
      .where("entity_id", "=", sent.id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(["send"]);

    // The job retried (or delivered twice by the queue) sends nothing again.
    await sendOne(deps, sent.id, log);
    expect(rig.smtpReceived).toHaveLength(1);
    // A crash after SMTP accepted it, before `sent` was stored: the Sent copy proves it left — not re-sent.
    await t.db
      .updateTable("mail_messages")
      .set({ send_status: "sending" })
      .where("id", "=", sent.id)
      .execute();
    await sendOne(deps, sent.id, log);
    expect((await row(sent.id)).send_status).toBe("sent");
    expect(rig.smtpReceived).toHaveLength(1);
    expect(maildirCount(rig, ALICE, "Sent")).toBe(1);
  });

  it("reply-all copies the other recipients (never our own address); forward starts no thread headers", async () => {
    const all = await reply(alice, { mode: "replyAll", parentId: thread.messageId, html: "<p>All</p>" });
    expect(all.statusCode, all.body).toBe(202);
    expect(all.json().message.to.map((a: { address: string }) => a.address)).toEqual([CLIENT]);
    expect(all.json().message.cc.map((a: { address: string }) => a.address)).toEqual(["boss@client.test"]);
    const fwd = await reply(alice, {
      mode: "forward",
      parentId: thread.messageId,
      to: [{ address: "boss@client.test" }],
      html: "<p>FYI</p>",
    });
    expect(fwd.statusCode, fwd.body).toBe(202);
    expect(fwd.json().message.subject).toBe("Fwd: Price list");
    const before = rig.smtpReceived.length;
    await sendOne(deps, fwd.json().message.id, log);
    const raw = rig.smtpReceived[before]?.raw.toString("utf8") ?? "";
    expect(raw).not.toMatch(/^In-Reply-To:/m);
    expect(raw).toContain("Forwarded message");
    await sendOne(deps, all.json().message.id, log);
    expect(rig.smtpReceived[before + 1]?.to.sort()).toEqual(["boss@client.test", CLIENT]);
  });

  it("a send interrupted before SMTP is marked failed (never re-sent by itself), and a retry sends it once", async () => {
    const res = await reply(alice, { mode: "reply", parentId: thread.messageId, html: "<p>Interrupted</p>" });
    const id = res.json().message.id as string;
    // As if a worker claimed it and died before talking to SMTP.
    await t.db.updateTable("mail_messages").set({ send_status: "sending" }).where("id", "=", id).execute();
    const before = rig.smtpReceived.length;
    await sendOne(deps, id, log);
    const failed = await row(id);
    expect(failed.send_status).toBe("failed");
    expect(failed.send_error).toMatch(/interrupted/);
    expect(rig.smtpReceived.length).toBe(before);
    const retry = await t.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${thread.threadId}/messages/${id}/retry`,
      headers: alice,
    });
    expect(retry.statusCode, retry.body).toBe(202);
    await sendOne(deps, id, log);
    expect((await row(id)).send_status).toBe("sent");
    expect(rig.smtpReceived.length).toBe(before + 1);
  });

  it("a failing SMTP server shows the reason; after fixing the mailbox, retry sends it", async () => {
    await t.db.updateTable("mailboxes").set({ smtp_port: 1 }).where("id", "=", mailbox).execute();
    const res = await reply(alice, { mode: "reply", parentId: thread.messageId, html: "<p>Try me</p>" });
    const id = res.json().message.id as string;
    await sendOne(deps, id, log);
    const shown = (await get(alice)).json().messages.find((m: { id: string }) => m.id === id);
    expect(shown.sendStatus).toBe("failed");
    expect(shown.sendError).toMatch(/ECONNREFUSED|connect/i);
    expect((await get(alice)).json().lastSendStatus).toBe("failed");
    // A sent letter cannot be "retried".
    const firstSent = (await get(alice))
      .json()
      .messages.find((m: { sendStatus: string }) => m.sendStatus === "sent");
    const notFailed = await t.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${thread.threadId}/messages/${firstSent.id}/retry`,
      headers: alice,
    });
    expect(notFailed.statusCode).toBe(409);
    await t.db.updateTable("mailboxes").set({ smtp_port: rig.smtpPort }).where("id", "=", mailbox).execute();
    const retry = await t.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${thread.threadId}/messages/${id}/retry`,
      headers: alice,
    });
    expect(retry.statusCode, retry.body).toBe(202);
    await sendOne(deps, id, log);
    expect((await row(id)).send_status).toBe("sent");
  });

  it("a mailbox host on a private or metadata address is refused by the SSRF guard", async () => {
    await t.db
      .updateTable("mailboxes")
      .set({ smtp_host: "169.254.169.254" })
      .where("id", "=", mailbox)
      .execute();
    const res = await reply(alice, { mode: "reply", parentId: thread.messageId, html: "<p>x</p>" });
    const id = res.json().message.id as string;
    const before = rig.smtpReceived.length;
    await sendOne(deps, id, log);
    const failed = await row(id);
    expect(failed.send_status).toBe("failed");
    expect(failed.send_error).toMatch(/unsafe|not allowed|private|metadata/i);
    expect(rig.smtpReceived.length).toBe(before);
    await t.db.updateTable("mailboxes").set({ smtp_host: "127.0.0.1" }).where("id", "=", mailbox).execute();
  });

  it("send later shows as scheduled and can be cancelled; a new letter starts a linked thread", async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const res = await reply(alice, {
      mode: "reply",
      parentId: thread.messageId,
      html: "<p>Later</p>",
      sendAt: later,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().message.sendStatus).toBe("scheduled");
    const id = res.json().message.id as string;
    const del = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/conversations/${thread.threadId}/messages/${id}`,
      headers: alice,
    });
    expect(del.statusCode, del.body).toBe(204);
    expect(
      await t.db.selectFrom("mail_messages").select("id").where("id", "=", id).executeTakeFirst(),
    ).toBeUndefined();

    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/conversations",
      headers: alice,
      payload: {
        mailboxId: mailbox,
        to: [{ address: CLIENT, name: "Client" }],
        subject: "Proposal",
        html: "<p>Our proposal</p>",
        links: [{ entity: "contacts", id: contact }],
      },
    });
    expect(created.statusCode, created.body).toBe(202);
    const newId = created.json().conversationId as string;
    const listed = await t.app.inject({
      method: "GET",
      url: `/api/v1/conversations?record=contacts:${contact}`,
      headers: alice,
    });
    expect(listed.json().items.map((i: { id: string }) => i.id)).toContain(newId);
    const before = rig.smtpReceived.length;
    await sendOne(deps, created.json().message.id, log);
    expect(rig.smtpReceived.length).toBe(before + 1);
    expect(rig.smtpReceived[before]?.raw.toString("utf8")).toMatch(/^Subject: Proposal/m);
  });

  it("signatures: the user's own, sanitized, added unless turned off", async () => {
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/v1/mail-signatures",
      headers: alice,
      payload: { mailboxId: null, html: "<b>Alice A.</b><script>alert(1)</script>" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().html).toBe("<b>Alice A.</b>");
    const withSig = await reply(alice, { mode: "reply", parentId: thread.messageId, html: "<p>Signed</p>" });
    expect(withSig.json().message.html).toContain("Alice A.");
    const without = await reply(alice, {
      mode: "reply",
      parentId: thread.messageId,
      html: "<p>Unsigned</p>",
      includeSignature: false,
    });
    expect(without.json().message.html).not.toContain("Alice A.");
    const mine = await t.app.inject({ method: "GET", url: "/api/v1/mail-signatures", headers: alice });
    expect(mine.json().items).toEqual([{ mailboxId: null, html: "<b>Alice A.</b>" }]);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/mail-signatures", headers: bob })).json().items,
    ).toEqual([]);
  });

  it("attaches an uploaded file: sent in the letter, downloadable only by those who read the thread", async () => {
    const up = await t.app.inject({
      method: "POST",
      url: "/api/v1/conversations/uploads?name=offer.txt",
      headers: { ...alice, "content-type": "application/octet-stream" },
      payload: Buffer.from("Offer: 10 units at 5 EUR\n"),
    });
    expect(up.statusCode, up.body).toBe(201);
    const uploadId = up.json().id as string;
    // Another user cannot attach Alice's upload.
    const stolen = await t.app.inject({
      method: "POST",
      url: "/api/v1/conversations",
      headers: bob,
      payload: {
        mailboxId: mailbox,
        to: [{ address: CLIENT }],
        subject: "x",
        html: "x",
        attachments: [{ uploadId }],
      },
    });
    expect(stolen.statusCode).toBe(422);
    const res = await reply(alice, {
      mode: "reply",
      parentId: thread.messageId,
      html: "<p>See attached</p>",
      attachments: [{ uploadId }],
    });
    expect(res.statusCode, res.body).toBe(202);
    const att = res.json().message.attachments[0];
    expect(att).toMatchObject({ name: "offer.txt", size: Buffer.byteLength("Offer: 10 units at 5 EUR\n") });
    const before = rig.smtpReceived.length;
    await sendOne(deps, res.json().message.id, log);
    const raw = rig.smtpReceived[before]?.raw.toString("utf8") ?? "";
    expect(raw).toMatch(/filename="?offer\.txt/);
    expect(raw).toContain(Buffer.from("Offer: 10 units at 5 EUR\n").toString("base64").slice(0, 20));
    const dl = await t.app.inject({ method: "GET", url: att.downloadUrl, headers: alice });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe("Offer: 10 units at 5 EUR\n");
    expect(String(dl.headers["content-disposition"])).toMatch(/^attachment/);
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    const outsider = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    expect((await t.app.inject({ method: "GET", url: att.downloadUrl, headers: outsider })).statusCode).toBe(
      404,
    );
  });

  it("refuses bad input and users who may not send from the mailbox; nothing is queued", async () => {
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("mail_messages")
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [H, object, number, string?][] = [
      [
        alice,
        { mode: "reply", parentId: thread.messageId, html: "<p>x</p>", to: [] },
        422,
        "recipients_required",
      ],
      [
        alice,
        { mode: "reply", parentId: "00000000-0000-4000-8000-000000000000", html: "x" },
        422,
        "validation_failed",
      ],
      [alice, { mode: "reply", parentId: thread.messageId, html: "x", subject: "a\u0000b" }, 422],
      [
        alice,
        { mode: "reply", parentId: thread.messageId, html: "x", bcc: [{ address: "not-an-address" }] },
        422,
      ],
      [
        alice,
        {
          mode: "reply",
          parentId: thread.messageId,
          html: "x",
          attachments: [{ uploadId: "00000000-0000-4000-8000-000000000000" }],
        },
        422,
      ],
      [alice, { mode: "bounce", parentId: thread.messageId, html: "x" }, 422],
      [alice, { mode: "reply", parentId: thread.messageId, html: "x", extra: 1 }, 422],
      // Bob reads the thread through Alice's contact (his team), but may not send from her personal mailbox.
      [bob, { mode: "reply", parentId: thread.messageId, html: "x" }, 403, "mailbox_access_required"],
    ];
    for (const [h, payload, status, code] of cases) {
      const res = await reply(h, payload);
      expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(status);
      const body = res.json() as { code: string; errors?: { code?: string }[] };
      if (code) expect([body.code, ...(body.errors ?? []).map((e) => e.code)]).toContain(code);
    }
    const foreign = await t.app.inject({
      method: "POST",
      url: "/api/v1/conversations",
      headers: bob,
      payload: { mailboxId: mailbox, to: [{ address: CLIENT }], subject: "x", html: "x" },
    });
    expect(foreign.statusCode).toBe(422);
    expect(await count()).toBe(before);
  });
});

import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStore } from "../../platform/files/blobs.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { parseMessage } from "../mail/module.js";
import { type SendDeps, sendOne } from "./send-job.js";
import { insertMailbox, insertReceivedThread } from "./test-support.js";
import { appendToSent, ByteGate, SentCopyTooLargeError, type ServerEndpoint, writeRaw } from "./transport.js";

const ALICE = "alice@large-send.test";
const CLIENT = "client@large-send.test";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const spools = () => readdirSync(tmpdir()).filter((f) => f.startsWith("tandem-send-"));

/**
 * A letter with a large attachment is uploaded as a stream (no buffer), composed into a private spool file with
 * the attachment read from the files store as it is encoded, sent over SMTP from that file and filed in Sent:
 * the client and the Sent folder get the same intact bytes, and no spool file is left behind.
 */
describe.skipIf(!dovecotAvailable())("conversations: a large attachment sent from a spool file", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let rig: MailRig;
  let alice: Record<string, string>;
  let thread: { threadId: string; messageId: string };
  let deps: SendDeps;

  beforeAll(async () => {
    rig = await startMailRig({
      users: [
        { user: ALICE, password: "alice-pw" },
        { user: CLIENT, password: "client-pw" },
      ],
    });
    const a = await createUser(t.db, { roleKey: "sales_manager" });
    alice = await tokenHeaders(t.db, a.id);
    const mailbox = await insertMailbox(t.db, t.deps.secrets, {
      ownerId: a.id,
      address: ALICE,
      imapPort: rig.imapPort,
      smtpPort: rig.smtpPort,
      password: "alice-pw",
    });
    thread = await insertReceivedThread(t.db, mailbox, { from: CLIENT, to: ALICE, subject: "Drawings" });
    const store = blobStore(t.deps.config);
    deps = { db: t.db, secrets: t.deps.secrets, allow: ["127.0.0.1"], openBlob: (s) => store.get(s) };
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
  });

  it("a 12 MB drawing arrives intact at the client and in Sent; the spool file is removed", async () => {
    const drawing = Buffer.concat([
      Buffer.from("%PDF-1.5\n"),
      randomBytes(12 * 1024 * 1024),
      Buffer.from("\n%%EOF\n"),
    ]);
    const up = await t.app.inject({
      method: "POST",
      url: "/api/v1/conversations/uploads?name=drawing.pdf",
      headers: { ...alice, "content-type": "application/octet-stream" },
      payload: drawing,
    });
    expect(up.statusCode, up.body).toBe(201);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${thread.threadId}/messages`,
      headers: alice,
      payload: {
        mode: "reply",
        parentId: thread.messageId,
        html: "<p>The drawing</p>",
        attachments: [{ uploadId: up.json().id }],
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const before = spools();
    const received = rig.smtpReceived.length;
    await sendOne(deps, res.json().message.id, pino({ level: "silent" }));

    const sent = await t.db
      .selectFrom("mail_messages")
      .select(["send_status", "send_error"])
      .where("id", "=", res.json().message.id)
      .executeTakeFirstOrThrow();
    expect(sent).toEqual({ send_status: "sent", send_error: null });
    const raw = rig.smtpReceived[received]?.raw as Buffer;
    const atClient = await parseMessage(raw, new Date());
    expect(atClient.attachments.map((a) => [a.filename, a.sha256])).toEqual([["drawing.pdf", sha(drawing)]]);
    // The Sent copy holds the very bytes that left.
    const sentDir = path.join(rig.dir, "mail", ALICE, ".Sent");
    const copies = ["new", "cur"].flatMap((d) =>
      readdirSync(path.join(sentDir, d)).map((f) => path.join(sentDir, d, f)),
    );
    expect(copies).toHaveLength(1);
    const copy = readFileSync(copies[0] as string);
    expect((await parseMessage(copy, new Date())).attachments[0]?.sha256).toBe(sha(drawing));
    expect(spools().filter((f) => !before.includes(f))).toEqual([]);
  });
  it("Sent copies are one buffer each (imapflow's APPEND), bounded: two 12 MB letters filed at once never both in memory; a letter over the bound is neither read nor filed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-sent-bound-"));
    const imap: ServerEndpoint = {
      host: rig.host,
      port: rig.imapPort,
      tls: "none",
      user: ALICE,
      password: "alice-pw",
    };
    const folder = "Sent Bound";
    const client = new ImapFlow({
      host: rig.host,
      port: rig.imapPort,
      secure: false,
      doSTARTTLS: false,
      auth: { user: ALICE, pass: "alice-pw" },
      logger: false,
    });
    await client.connect();
    try {
      await client.mailboxCreate(folder);
      const letters = await Promise.all(
        ["a", "b"].map(async (n) => {
          const content = randomBytes(12 * 1024 * 1024);
          const file = path.join(dir, `${n}.eml`);
          const messageId = `<bound-${n}-${randomBytes(4).toString("hex")}@large-send.test>`;
          await writeRaw(
            {
              messageId,
              date: new Date(),
              from: { name: "Alice", address: ALICE },
              to: [{ name: "", address: CLIENT }],
              cc: [],
              bcc: [],
              subject: `Drawing ${n}`,
              html: "<p>The drawing</p>",
              text: "The drawing",
              inReplyTo: null,
              references: [],
              attachments: [{ filename: `${n}.bin`, contentType: "application/octet-stream", content }],
            },
            file,
          );
          return { file, messageId, size: statSync(file).size, sha: sha(content) };
        }),
      );
      const [a, b] = letters as [(typeof letters)[0], (typeof letters)[0]];
      // Room for one letter: the second APPEND waits until the first released its buffer.
      const gate = new ByteGate(Math.max(a.size, b.size));
      await Promise.all(
        letters.map((l) =>
          appendToSent(imap, folder, l.file, l.messageId, new Date(), ["127.0.0.1"], { gate }),
        ),
      );
      expect(gate.peak).toBe(Math.max(a.size, b.size));
      expect(gate.held).toBe(0);
      // Over the bound: refused before the file is read, nothing filed.
      const over = appendToSent(imap, folder, a.file, "<over@large-send.test>", new Date(), ["127.0.0.1"], {
        maxBytes: 1024 * 1024,
        gate,
      });
      await expect(over).rejects.toBeInstanceOf(SentCopyTooLargeError);
      await expect(over).rejects.toThrow(/not filed in Sent/);
      const lock = await client.getMailboxLock(folder);
      try {
        const filed: string[] = [];
        for await (const m of client.fetch("1:*", { source: true })) {
          const parsed = await parseMessage(m.source as Buffer, new Date());
          filed.push(`${parsed.messageId} ${parsed.attachments[0]?.sha256}`);
        }
        expect(filed.sort()).toEqual(letters.map((l) => `${l.messageId.slice(1, -1)} ${l.sha}`).sort());
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

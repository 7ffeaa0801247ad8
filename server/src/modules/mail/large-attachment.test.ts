import { createHash, randomBytes } from "node:crypto";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { fastWorker, mailboxBody, multipartWithAttachments, rfc822, waitFor } from "./test-mail.js";
import type { MailSyncWorker } from "./worker.js";

const ALICE = "alice@large.test";
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A letter with attachments as mail clients write them (base64 in 76-character lines). */
function letter(subject: string, messageId: string, attachments: { name: string; bytes: Buffer }[]): string {
  return multipartWithAttachments({
    from: "ivan@client.test",
    to: ALICE,
    subject,
    messageId,
    text: "The signed scan is attached.",
    attachments,
  });
}

/**
 * A letter larger than `STREAM_BYTES` (2 MiB) is downloaded from IMAP as a stream and its attachments flow into
 * the files store as they are decoded (the bounded-memory property itself: `parse-stream.test.ts`); smaller mail
 * is still fetched whole in batches. Both end up the same: downloadable with the sniffed type, programs refused.
 */
describe.skipIf(!dovecotAvailable())("mail sync: large attachments streamed into the files store", () => {
  const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1" } });
  let rig: MailRig;
  let alice: Record<string, string>;
  let worker: MailSyncWorker | undefined;

  beforeAll(async () => {
    rig = await startMailRig({ users: [{ user: ALICE, password: "secret-1" }] });
    alice = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
  });
  afterAll(async () => {
    await worker?.stop();
    await rig?.stop();
  });

  it("a 6 MB scan is streamed, stored whole and served as a download; a small letter alongside is fetched whole", async () => {
    const scan = Buffer.concat([
      Buffer.from("%PDF-1.4\n"),
      randomBytes(6 * 1024 * 1024),
      Buffer.from("\n%%EOF\n"),
    ]);
    const program = Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), randomBytes(3 * 1024 * 1024)]);
    rig.deliver(
      ALICE,
      letter("Signed scan", "scan@client.test", [
        { name: "scan.pdf", bytes: scan },
        { name: "tool.exe", bytes: program },
      ]),
    );
    rig.deliver(
      ALICE,
      rfc822({ from: "ivan@client.test", to: ALICE, subject: "Small", messageId: "small@client.test" }),
    );
    const downloads = vi.spyOn(ImapFlow.prototype, "download");

    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/mailboxes",
      headers: alice,
      payload: mailboxBody(rig, ALICE, "secret-1"),
    });
    expect(res.statusCode, res.body).toBe(201);
    worker = fastWorker(t.deps);
    worker.start();
    const rows = await waitFor(
      () =>
        t.db.selectFrom("mail_messages").select(["id", "thread_id", "message_id", "size_bytes"]).execute(),
      (r) => r.length === 2,
      60_000,
    );
    // Only the large letter went through the stream path.
    expect(downloads).toHaveBeenCalledTimes(1);
    downloads.mockRestore();
    const big = rows.find((r) => r.message_id === "scan@client.test");
    expect(big?.size_bytes).toBeGreaterThan(8_000_000);

    const thread = await t.app.inject({
      method: "GET",
      url: `/api/v1/conversations/${big?.thread_id}`,
      headers: alice,
    });
    expect(thread.statusCode, thread.body).toBe(200);
    const attachments = thread.json().messages[0].attachments as {
      name: string;
      size: number;
      downloadUrl: string | null;
    }[];
    const byName = new Map(attachments.map((a) => [a.name, a]));
    expect(byName.get("scan.pdf")).toMatchObject({ size: scan.length });
    // A program is refused as by every upload: listed with its size, no download.
    expect(byName.get("tool.exe")).toMatchObject({ size: program.length, downloadUrl: null });
    const dl = await t.app.inject({
      method: "GET",
      url: byName.get("scan.pdf")?.downloadUrl as string,
      headers: alice,
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["content-type"]).toBe("application/pdf");
    expect(String(dl.headers["content-disposition"])).toMatch(/^attachment/);
    expect(sha(dl.rawPayload)).toBe(sha(scan));
  });
});

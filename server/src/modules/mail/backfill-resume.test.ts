import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../test/dovecot.js";
import { useTestContext } from "../../test/harness.js";
import { type ServerProcess, spawnWorker } from "../../test/server-process.js";
import { fastWorker, mailboxBody, rfc822, waitFor } from "./test-mail.js";
import type { MailSyncWorker } from "./worker.js";

const USER = "bulk@test.local";
const TOTAL = 1200;
const SECRETS_KEY = randomBytes(32).toString("base64");

describe.skipIf(!dovecotAvailable())(
  "backfill: a sync process killed mid-way resumes with no message twice",
  () => {
    const t = useTestContext({ env: { OUTBOUND_ALLOW_HOSTS: "127.0.0.1", SECRETS_KEY } });
    let rig: MailRig;
    let proc: ServerProcess | null = null;
    let worker: MailSyncWorker | null = null;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "tandem-mail-worker-"));

    beforeAll(async () => {
      rig = await startMailRig({ users: [{ user: USER, password: "pw" }] });
      const now = Date.now();
      for (let i = 0; i < TOTAL; i++) {
        rig.deliver(
          USER,
          rfc822({
            from: `client${i % 40}@client-${i % 7}.test`,
            to: USER,
            subject: `Order ${i}`,
            messageId: `order-${i}@client.test`,
            date: new Date(now - (TOTAL - i) * 60_000),
            body: `Order number ${i}. `.repeat(20),
          }),
        );
      }
      // The same message in Sent as well (a copy / a move): stored once.
      rig.deliver(
        USER,
        rfc822({
          from: USER,
          to: "client1@client-1.test",
          subject: "Order 5",
          messageId: "order-5@client.test",
        }),
        "Sent",
      );
    });

    afterAll(async () => {
      proc?.child.kill("SIGKILL");
      await worker?.stop();
      await rig?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("takes over after the lease expires and completes the backfill exactly once", async () => {
      const headers = await tokenHeaders(t.db, (await createUser(t.db)).id);
      const res = await t.app.inject({
        method: "POST",
        url: "/api/v1/mailboxes",
        headers,
        payload: mailboxBody(rig, USER, "pw"),
      });
      expect(res.statusCode, res.body).toBe(201);
      const mailboxId = res.json().id as string;
      const count = async () =>
        Number(
          (
            await t.db
              .selectFrom("mail_messages")
              .select((eb) => eb.fn.countAll().as("n"))
              .where("mailbox_id", "=", mailboxId)
              .executeTakeFirstOrThrow()
          ).n,
        );

      proc = spawnWorker({
        DATABASE_URL: t.url,
        SECRETS_KEY,
        OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
        DATA_DIR: dataDir,
      });
      const atKill = await waitFor(count, (n) => n >= 200, 120_000);
      proc.child.kill("SIGKILL");
      await proc.exited;
      const stored = await count();
      expect(stored).toBeLessThan(TOTAL);
      const lease = await t.db
        .selectFrom("mailboxes")
        .select(["lease_owner", "lease_expires_at", "state"])
        .executeTakeFirstOrThrow();
      expect(lease.lease_owner).not.toBeNull();
      expect(lease.state).toBe("backfilling");

      // While the dead process's lease has not expired, no other process takes the mailbox.
      worker = fastWorker(t.deps);
      expect(await worker.scan()).toEqual([]);
      // Time passes: the lease expires (the default is 30 s; moved instead of waited for).
      await t.db
        .updateTable("mailboxes")
        .set({ lease_expires_at: new Date(Date.now() - 1000) })
        .execute();
      worker.start();
      await waitFor(
        async () => (await t.db.selectFrom("mailboxes").select(["state"]).executeTakeFirstOrThrow()).state,
        (s) => s === "live",
        120_000,
      );
      expect(await count()).toBe(TOTAL);
      const dupes = await t.db
        .selectFrom("mail_messages")
        .select(["message_id", (eb) => eb.fn.countAll().as("n")])
        .groupBy("message_id")
        .having((eb) => eb.fn.countAll(), ">", 1)
        .execute();
      expect(dupes).toEqual([]);
      const mb = await t.db.selectFrom("mailboxes").selectAll().executeTakeFirstOrThrow();
      expect(mb.backfill_total).toBeGreaterThanOrEqual(TOTAL);
      expect(mb.backfill_done).toBe(mb.backfill_total);
      expect(atKill).toBeGreaterThanOrEqual(200);
    }, 300_000);
  },
);

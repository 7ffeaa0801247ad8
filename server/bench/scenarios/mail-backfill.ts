import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecretBox } from "../../src/platform/secrets/secret-box.js";
import { dovecotAvailable, startMailRig } from "../../src/test/dovecot.js";
import { startServerProcess } from "../server-process.js";
import type { BenchContext, Metric, Scenario } from "./types.js";

const USER = "bench-mail@test.local";

function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)\s+kB/);
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function message(i: number, now: number): string {
  const client = `client${i % 500}@company-${i % 50}.test`;
  const reply = i % 3 === 0 && i > 0;
  return [
    `From: Client ${i % 500} <${client}>`,
    `To: ${USER}`,
    `Subject: ${reply ? "Re: " : ""}Order ${Math.floor(i / 3)}`,
    `Message-ID: <bench-${i}@company.test>`,
    ...(reply
      ? [`In-Reply-To: <bench-${i - 1}@company.test>`, `References: <bench-${i - 1}@company.test>`]
      : []),
    `Date: ${new Date(now - (20_000 - i) * 60_000).toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: multipart/alternative; boundary=b1",
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    `Добрый день! Заказ ${i}. `.repeat(15),
    "",
    "On Mon, 1 Dec 2026 at 10:00 Manager wrote:",
    "> Previous text",
    "--b1",
    "Content-Type: text/html; charset=utf-8",
    "",
    `<p>Добрый день! <b>Заказ ${i}</b></p><img src="https://t.example/p.gif">`.repeat(5),
    "--b1--",
    "",
  ].join("\r\n");
}

/**
 * Backfill from a local Dovecot (`dovecot-imapd`): a 10k-message INBOX (1k with --quick) synced by a worker
 * process (`BENCH_BACKFILL_PROCESS=server`: by the single `npm start` process, HTTP included) — fetched, parsed (mailparser), sanitized, threaded, linked and stored — messages/s from the first
 * stored message to the last, and the worker's peak RSS (sampled from /proc every 100 ms).
 */
export const mailBackfill: Scenario = {
  name: "mailBackfill",
  unavailable: () => (dovecotAvailable() ? null : "dovecot-imapd is not installed"),
  async measure(ctx: BenchContext): Promise<Metric[]> {
    const total = ctx.quick ? 1_000 : 10_000;
    const rig = await startMailRig({ users: [{ user: USER, password: "bench" }] });
    const key = randomBytes(32);
    const box = createSecretBox([key]);
    const saved = { key: process.env.SECRETS_KEY, allow: process.env.OUTBOUND_ALLOW_HOSTS };
    try {
      const now = Date.now();
      for (let i = 0; i < total; i++) rig.deliver(USER, message(i, now));
      const mb = await ctx.db
        .insertInto("mailboxes")
        .values({
          kind: "personal",
          owner_id: ctx.ownerId,
          name: "bench",
          address: USER,
          imap_host: rig.host,
          imap_port: rig.imapPort,
          imap_tls: "none",
          smtp_host: rig.host,
          smtp_port: rig.smtpPort,
          smtp_tls: "none",
          username: USER,
          password_sealed: box.seal("bench"),
          backfill_days: 365,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      process.env.SECRETS_KEY = key.toString("base64");
      process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
      const count = async () =>
        Number(
          (
            await ctx.db
              .selectFrom("mail_messages")
              .select((eb) => eb.fn.countAll().as("n"))
              .where("mailbox_id", "=", mb.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      // BENCH_BACKFILL_PROCESS=server: the single process of `npm start` (HTTP + jobs + mail sync) syncs it.
      const single = process.env.BENCH_BACKFILL_PROCESS === "server";
      const who = single ? "server" : "worker";
      const worker = await startServerProcess({
        databaseUrl: ctx.databaseUrl,
        http: single,
        work: true,
        log: ctx.log,
      });
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(worker.pid));
      }, 100);
      let first = 0;
      let t0 = 0;
      let t1 = 0;
      try {
        const deadline = Date.now() + 15 * 60_000;
        for (;;) {
          const n = await count();
          if (n > 0 && !t0) {
            t0 = performance.now();
            first = n;
          }
          if (n >= total) {
            t1 = performance.now();
            break;
          }
          if (Date.now() > deadline) throw new Error(`mail backfill stalled at ${n}/${total}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        clearInterval(sampler);
        await worker.stop();
      }
      const rate = Math.round((total - first) / ((t1 - t0) / 1000));
      ctx.log(`mail backfill: ${total} messages, ${rate} msg/s, peak ${who} RSS ${Math.round(peak)} MB`);
      await ctx.db.deleteFrom("mailboxes").where("id", "=", mb.id).execute();
      return [
        {
          name: `mail backfill (${total} messages, parse + thread + link + store)`,
          value: rate,
          unit: "msg/s",
          target: { min: 300 },
        },
        { name: `mail backfill: ${who} peak RSS`, value: Math.round(peak), unit: "MB", target: { max: 400 } },
      ];
    } finally {
      process.env.SECRETS_KEY = saved.key;
      process.env.OUTBOUND_ALLOW_HOSTS = saved.allow;
      if (saved.key === undefined) delete process.env.SECRETS_KEY;
      if (saved.allow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
      await rig.stop();
    }
  },
};

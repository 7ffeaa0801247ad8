import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecretBox } from "../../src/platform/secrets/secret-box.js";
import { dovecotAvailable, type MailRig, startMailRig } from "../../src/test/dovecot.js";
import { backendPids, processCpuUs } from "../cpu.js";
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

/** CPU time (user + system, µs) of the given processes; a process gone since counts as 0. */
function cpuOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, processCpuUs(pid) ?? 0]));
}

interface BackfillRun {
  who: "server" | "worker";
  rate: number;
  peakMb: number;
  /** RSS when the first message was stored (the process before the backfill's garbage). */
  startMb: number;
  /** µs of CPU per message from the first stored message to the last: the syncing process and PostgreSQL. */
  nodeUsPerMsg: number;
  postgresUsPerMsg: number;
  seconds: number;
}

/**
 * One backfill of `total` messages (already in the rig's INBOX) into a new mailbox, synced by a new server
 * process (`single`: HTTP + jobs + mail sync as `npm start` runs; else a worker process as `npm run worker`).
 */
async function backfillOnce(
  ctx: BenchContext,
  rig: MailRig,
  box: ReturnType<typeof createSecretBox>,
  total: number,
  single: boolean,
): Promise<BackfillRun> {
  const who = single ? "server" : "worker";
  const mb = await ctx.db
    .insertInto("mailboxes")
    .values({
      kind: "personal",
      owner_id: ctx.ownerId,
      name: `bench ${who}`,
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
  const proc = await startServerProcess({
    databaseUrl: ctx.databaseUrl,
    http: single,
    work: true,
    log: ctx.log,
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(proc.pid));
  }, 100);
  let first = 0;
  let startMb = 0;
  let t0 = 0;
  let t1 = 0;
  let node0 = 0;
  let node1 = 0;
  let pg0 = new Map<number, number>();
  let pg1 = new Map<number, number>();
  try {
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      const n = await count();
      if (n > 0 && !t0) {
        t0 = performance.now();
        startMb = rssMb(proc.pid);
        node0 = processCpuUs(proc.pid) ?? 0;
        pg0 = cpuOf(await backendPids(ctx.pool));
        first = n;
      }
      if (n >= total) {
        t1 = performance.now();
        node1 = processCpuUs(proc.pid) ?? 0;
        pg1 = cpuOf([...new Set([...pg0.keys(), ...(await backendPids(ctx.pool))])]);
        break;
      }
      if (Date.now() > deadline) throw new Error(`mail backfill stalled at ${n}/${total}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    clearInterval(sampler);
    await proc.stop();
  }
  const msgs = total - first;
  // A backend that started during the run counts from 0; one that ended counts up to its last sample.
  let pgUs = 0;
  for (const [pid, us] of pg1) pgUs += Math.max(0, (us || (pg0.get(pid) ?? 0)) - (pg0.get(pid) ?? 0));
  await ctx.db.deleteFrom("mailboxes").where("id", "=", mb.id).execute();
  return {
    who,
    rate: Math.round(msgs / ((t1 - t0) / 1000)),
    peakMb: Math.round(peak),
    startMb: Math.round(startMb),
    nodeUsPerMsg: Math.round((node1 - node0) / msgs),
    postgresUsPerMsg: Math.round(pgUs / msgs),
    seconds: Math.round((t1 - t0) / 100) / 10,
  };
}

/**
 * Backfill from a local Dovecot (`dovecot-imapd`): a 10k-message INBOX (1k with --quick) synced — fetched, parsed
 * (mailparser), sanitized, threaded, linked and stored — first by the single `npm start` process (HTTP, jobs and
 * mail sync in one), then by a worker process (`npm run worker`); `BENCH_BACKFILL_PROCESS=server|worker` runs one
 * of them only. Each: messages/s from the first stored message to the last, CPU per message of the syncing process
 * and of PostgreSQL's backends (user + system from /proc; Dovecot's own is not counted) over the same interval —
 * the figure that hardly moves with the machine's load — and the process's peak RSS (sampled every 100 ms).
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
      process.env.SECRETS_KEY = key.toString("base64");
      process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
      const which = process.env.BENCH_BACKFILL_PROCESS;
      const kinds = which === "server" ? [true] : which === "worker" ? [false] : [true, false];
      const metrics: Metric[] = [];
      for (const single of kinds) {
        const r = await backfillOnce(ctx, rig, box, total, single);
        ctx.log(
          `mail backfill (${r.who}): ${total} messages in ${r.seconds} s, ${r.rate} msg/s, peak ${r.who} RSS ${r.peakMb} MB (${r.startMb} MB at the first stored), ` +
            `CPU per message: node ${r.nodeUsPerMsg} µs + PostgreSQL ${r.postgresUsPerMsg} µs`,
        );
        const what = r.who === "server" ? "npm start process" : "worker process";
        metrics.push(
          {
            name: `mail backfill, ${what} (${total} messages, parse + thread + link + store)`,
            value: r.rate,
            unit: "msg/s",
            target: { min: 300 },
          },
          { name: `mail backfill: ${what} peak RSS`, value: r.peakMb, unit: "MB", target: { max: 400 } },
          { name: `mail backfill, ${what}: node CPU per message`, value: r.nodeUsPerMsg, unit: "µs" },
          {
            name: `mail backfill, ${what}: PostgreSQL CPU per message`,
            value: r.postgresUsPerMsg,
            unit: "µs",
          },
        );
      }
      return metrics;
    } finally {
      process.env.SECRETS_KEY = saved.key;
      process.env.OUTBOUND_ALLOW_HOSTS = saved.allow;
      if (saved.key === undefined) delete process.env.SECRETS_KEY;
      if (saved.allow === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
      await rig.stop();
    }
  },
};

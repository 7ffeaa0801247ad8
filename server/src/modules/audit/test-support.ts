import pino from "pino";
import type { ChangeBatch } from "../../platform/events/relay.js";
import type { TestContext } from "../../test/harness.js";
import { AUDIT_CHANGES_JOB, auditChangesJob } from "./consumer.js";

/** Test helper: relays pending change events and runs the audit consumer on what it delivered. */
export async function flushAudit(t: TestContext): Promise<number> {
  while ((await t.relay.dispatchOnce()) > 0) {}
  const job = auditChangesJob(t.db);
  let handled = 0;
  for (;;) {
    const jobs = await t.jobs.boss.fetch<ChangeBatch>(AUDIT_CHANGES_JOB, { batchSize: 50 });
    if (jobs.length === 0) return handled;
    await job.handler(jobs, { log: pino({ level: "silent" }) });
    await t.jobs.boss.complete(
      AUDIT_CHANGES_JOB,
      jobs.map((j) => j.id),
    );
    handled += jobs.reduce((n, j) => n + j.data.events.length, 0);
  }
}

import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../../test/harness.js";
import { JobQueue } from "./queue.js";

const logger = pino({ level: "silent" });
let url = "";
let drop: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ url, drop } = await createTestDatabase());
});
afterAll(() => drop());

interface Ran {
  n: number;
  at: number;
}

function delayedJob(ran: Ran[]) {
  return {
    name: "test.delayed",
    pollingIntervalSeconds: 0.5,
    handler: async (jobs: { data: { n: number } }[]) => {
      for (const j of jobs) ran.push({ n: j.data.n, at: Date.now() });
    },
  };
}

it("a job scheduled with startAfter survives a restart of the queue and runs once, not early", async () => {
  const ranBefore: Ran[] = [];
  const first = new JobQueue(url, logger);
  first.define([delayedJob(ranBefore) as never]);
  await first.start({ work: true });
  const startAfter = new Date(Date.now() + 3000);
  const id = await first.send("test.delayed", { n: 7 }, { startAfter });
  expect(id).toBeTruthy();
  await first.stop();
  expect(ranBefore).toEqual([]);

  const ran: Ran[] = [];
  const second = new JobQueue(url, logger);
  second.define([delayedJob(ran) as never]);
  await second.start({ work: true });
  try {
    const deadline = Date.now() + 20_000;
    while (ran.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ran.map((r) => r.n)).toEqual([7]);
    expect(ran[0]?.at).toBeGreaterThanOrEqual(startAfter.getTime());
    const job = await second.boss.getJobById("test.delayed", id as string);
    // pg-boss marks it completed once the handler resolved.
    const deadlineDone = Date.now() + 5000;
    let state = job?.state;
    while (state !== "completed" && Date.now() < deadlineDone) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await second.boss.getJobById("test.delayed", id as string))?.state;
    }
    expect(state).toBe("completed");
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran).toHaveLength(1);
  } finally {
    await second.stop();
  }
});

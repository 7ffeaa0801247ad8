import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Session, signInTo } from "../test/process-http.js";
import { type ServerProcess, startServer } from "../test/server-process.js";

/**
 * kill -9 while clients create contacts with `Idempotency-Key`: after the restart, every retry with the same
 * key gets its contact — the stored answer when the create had committed, a fresh create otherwise — within
 * seconds, never a duplicate and never a lasting 409 `idempotency_key_in_progress`.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-idem-crash-"));
fs.chmodSync(dataDir, 0o755);
const env = {
  DATA_DIR: dataDir,
  ADMIN_EMAIL: "idem-admin@example.com",
  ADMIN_PASSWORD: "Idem-crash-Pa55word!",
};
const running: ServerProcess[] = [];

afterAll(async () => {
  for (const p of running) {
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function create(server: ServerProcess, session: Session, key: string) {
  return fetch(`${server.baseUrl}/api/v1/contacts`, {
    method: "POST",
    headers: { ...session.headers, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ firstName: "Idem", lastName: key }),
  });
}

describe("Idempotency-Key across kill -9", () => {
  it("every key sent before the kill ends with exactly one contact, retried within seconds", async () => {
    const first = await startServer(env);
    running.push(first);
    const session = await signInTo(first, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const sent: string[] = [];
    const answered = new Map<string, string>();
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const key = `w${w}-${i}`;
        sent.push(key);
        const res = await create(first, session, key).catch(() => null);
        if (res?.status === 201) answered.set(key, ((await res.json()) as { id: string }).id);
      }
    });
    while (answered.size < 40) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    stop = true;
    await Promise.all(writers);
    const unanswered = sent.filter((k) => !answered.has(k));
    expect(unanswered.length).toBeGreaterThan(0);

    const second = await startServer(env);
    running.push(second);
    const restartedAt = Date.now();
    const again = await signInTo(second, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const ids = new Map<string, string>();
    let replayed = 0;
    for (const key of sent) {
      for (;;) {
        const res = await create(second, again, key);
        if (res.status === 201) {
          if (res.headers.get("idempotent-replayed") === "true") replayed++;
          ids.set(key, ((await res.json()) as { id: string }).id);
          break;
        }
        const body = (await res.json()) as { code?: string };
        expect(body.code).toBe("idempotency_key_in_progress");
        // The dead process's lease (10 s) is the longest a key may stay taken.
        expect(Date.now() - restartedAt).toBeLessThan(20_000);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    for (const [key, id] of answered) expect(ids.get(key), key).toBe(id);
    expect(replayed).toBeGreaterThanOrEqual(answered.size);

    const list = await fetch(`${second.baseUrl}/api/v1/contacts?limit=200&q=Idem`, {
      headers: again.headers,
    });
    const items = ((await list.json()) as { items: { id: string; name: string }[] }).items;
    const perKey = new Map<string, number>();
    for (const c of items) {
      const key = c.name.replace(/^Idem /, "");
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    expect([...perKey].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(items.map((c) => c.id))).toEqual(new Set(ids.values()));
  }, 240_000);
});

import http from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** A minimal EventSource over node:http that collects parsed events. */
function openStream(url: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  let raw = "";
  let status = 0;
  let contentType = "";
  const req = http.get(url, { headers: { accept: "text/event-stream", ...headers } });
  const ready = new Promise<void>((resolve, reject) => {
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      contentType = String(res.headers["content-type"] ?? "");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        raw += chunk;
        let i = raw.indexOf("\n\n");
        while (i >= 0) {
          const block = raw.slice(0, i);
          raw = raw.slice(i + 2);
          const e: SseEvent = {};
          for (const line of block.split("\n")) {
            const m = /^(id|event|data): ?(.*)$/.exec(line);
            if (m?.[1]) e[m[1] as keyof SseEvent] = m[2];
          }
          if (e.data !== undefined) events.push(e);
          i = raw.indexOf("\n\n");
        }
        resolve();
      });
    });
    req.on("error", reject);
  });
  return {
    events,
    ready,
    get status() {
      return status;
    },
    get contentType() {
      return contentType;
    },
    close: () => req.destroy(),
  };
}

describe("notification stream (SSE)", () => {
  const t = useTestContext();
  let base: string;
  let userId: string;
  let headers: Record<string, string>;
  let other: pg.Client;

  beforeAll(async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    base = address;
    const u = await createUser(t.db, { roleKey: "sales_manager" });
    userId = u.id;
    headers = await tokenHeaders(t.db, u.id);
    // Another process (a worker, another server instance) writing through its own connection.
    other = new pg.Client({ connectionString: t.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
  });

  const insertElsewhere = async (title: string, forUser = userId) => {
    const r = await other.query<{ id: string }>(
      `insert into notifications (user_id, kind, title_key, params, dedupe_key)
       values ($1, 'task.overdue', 'task.overdue', $2, $3) returning id`,
      [forUser, JSON.stringify({ title }), `sse:${title}`],
    );
    return String(r.rows[0]?.id);
  };

  it("refuses anonymous streams", async () => {
    const s = openStream(`${base}/api/v1/notifications/stream`, {});
    await new Promise((r) => setTimeout(r, 300));
    expect(s.status).toBe(401);
    s.close();
  });

  it("pushes a notification written by another connection, only to its recipient", async () => {
    const stranger = await createUser(t.db, { roleKey: "sales_manager" });
    const s = openStream(`${base}/api/v1/notifications/stream`, headers);
    await s.ready;
    expect(s.status).toBe(200);
    expect(s.contentType).toContain("text/event-stream");
    await insertElsewhere("not yours", stranger.id);
    const id = await insertElsewhere("Call the client");
    await expect.poll(() => s.events.length, { timeout: 5000 }).toBe(1);
    expect(s.events[0]).toMatchObject({ id, event: "notification" });
    expect(JSON.parse(s.events[0]?.data ?? "{}")).toMatchObject({
      id,
      title: "The task «Call the client» is overdue",
    });
    s.close();
  });

  it("resumes after Last-Event-ID with what was missed while disconnected", async () => {
    const s1 = openStream(`${base}/api/v1/notifications/stream`, headers);
    await s1.ready;
    const first = await insertElsewhere("first");
    await expect.poll(() => s1.events.map((e) => e.id), { timeout: 5000 }).toEqual([first]);
    s1.close();
    const missed1 = await insertElsewhere("missed 1");
    const missed2 = await insertElsewhere("missed 2");
    const s2 = openStream(`${base}/api/v1/notifications/stream`, { ...headers, "last-event-id": first });
    await s2.ready;
    await expect.poll(() => s2.events.map((e) => e.id), { timeout: 5000 }).toEqual([missed1, missed2]);
    const live = await insertElsewhere("live");
    await expect.poll(() => s2.events.map((e) => e.id), { timeout: 5000 }).toEqual([missed1, missed2, live]);
    s2.close();
    // Without Last-Event-ID a new stream starts from now: nothing old is replayed.
    const s3 = openStream(`${base}/api/v1/notifications/stream`, headers);
    await s3.ready;
    await new Promise((r) => setTimeout(r, 300));
    expect(s3.events).toHaveLength(0);
    s3.close();
  });
});

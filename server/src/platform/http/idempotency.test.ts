import { createHash } from "node:crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestContext } from "../../test/harness.js";
import { type App, type AppModule, access } from "./types.js";

/** Lets a test hold a request at a point of its own choosing (a process frozen there, or killed). */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
const gates = { beforeWrite: gate(), afterWrite: gate() };

const probe: AppModule = {
  name: "idem-probe",
  routes(app: App, deps) {
    app.post(
      "/api/v1/idem-probes",
      {
        config: { access: access.public() },
        schema: {
          body: z.strictObject({ name: z.string(), hold: z.enum(["none", "beforeWrite", "afterWrite"]) }),
          response: { 201: z.object({ id: z.string(), name: z.string() }) },
        },
      },
      async (request, reply) => {
        if (request.body.hold === "beforeWrite") await gates.beforeWrite.opened;
        const team = await deps.db
          .transaction()
          .execute((trx) =>
            trx
              .insertInto("teams")
              .values({ name: request.body.name })
              .returning(["id", "name"])
              .executeTakeFirstOrThrow(),
          );
        if (request.body.hold === "afterWrite") await gates.afterWrite.opened;
        return reply.code(201).send(team);
      },
    );
  },
};

describe("Idempotency-Key after a crash", () => {
  const t = useTestContext({ modules: [probe] });
  const send = (key: string, body: { name: string; hold: string }) =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/idem-probes",
      headers: { "idempotency-key": key },
      payload: body,
    });
  const teams = (name: string) => t.db.selectFrom("teams").select("id").where("name", "=", name).execute();

  it("a write that committed before its process answered replays its result, not 409", async () => {
    const body = { name: "committed-unanswered", hold: "afterWrite" };
    const first = send("k-committed", body);
    while ((await teams(body.name)).length === 0) await new Promise((r) => setTimeout(r, 20));
    // The first request has committed and is stuck before answering (as if its process had died there).
    const retry = await send("k-committed", body);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    const rows = await teams(body.name);
    expect(rows).toHaveLength(1);
    expect(retry.json()).toEqual({ id: rows[0]?.id, name: body.name });
    gates.afterWrite.open();
    expect((await first).json().id).toBe(rows[0]?.id);
  });

  it("a key whose holder died before committing is free again: the retry runs the request once", async () => {
    for (const [key, lease] of [
      ["k-dead", sql<Date>`now() - interval '1 second'`],
      ["k-legacy", null],
    ] as const) {
      const body = { name: `died-${key}`, hold: "none" };
      const hash = createHash("sha256")
        .update(`POST /api/v1/idem-probes\n${JSON.stringify(body)}`)
        .digest("hex");
      await t.db
        .insertInto("idempotency_keys")
        .values({ scope: "anon:127.0.0.1", key, request_hash: hash, lease_until: lease })
        .execute();
      const retry = await send(key, body);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(retry.headers["idempotent-replayed"]).toBeUndefined();
      expect(await teams(body.name)).toHaveLength(1);
      const again = await send(key, body);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.json().id).toBe(retry.json().id);
    }
  });

  it("a request still running keeps its key past the lease (renewed), then the retry replays it", async () => {
    const body = { name: "still-running", hold: "beforeWrite" };
    const first = send("k-running", body);
    await new Promise((r) => setTimeout(r, 200));
    const early = await send("k-running", body);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("idempotency_key_in_progress");
    expect(early.headers["retry-after"]).toBe("2");
    const lease = await t.db
      .selectFrom("idempotency_keys")
      .select(sql<boolean>`lease_until > now() + interval '5 seconds'`.as("fresh"))
      .where("key", "=", "k-running")
      .executeTakeFirstOrThrow();
    expect(lease.fresh).toBe(true);
    gates.beforeWrite.open();
    const done = await first;
    expect(done.statusCode).toBe(201);
    const replay = await send("k-running", body);
    expect(replay.json().id).toBe(done.json().id);
    expect(await teams(body.name)).toHaveLength(1);
  });
});

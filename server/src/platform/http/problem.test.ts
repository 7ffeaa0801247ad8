import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestContext } from "../../test/harness.js";
import { defineChangeEvents, fieldChanges } from "../events/catalogue.js";
import { recordChange } from "../events/outbox.js";
import { type App, type AppModule, access } from "./types.js";

const probe: AppModule = {
  name: "probe",
  events: defineChangeEvents("probes", {
    create: [fieldChanges({ name: z.string() }), "A probe was created."],
  }),
  routes(app: App, deps) {
    app.post(
      "/api/v1/probes",
      {
        config: { access: access.public() },
        schema: {
          body: z.strictObject({ name: z.string().min(2).max(50), size: z.number().int().positive() }),
          response: { 201: z.object({ id: z.string(), name: z.string() }) },
        },
      },
      async (request, reply) => {
        const id = crypto.randomUUID();
        await deps.db.transaction().execute(async (trx) => {
          await recordChange(
            trx,
            { actorId: null, requestId: request.id },
            {
              entity: "probes",
              entityId: id,
              action: "create",
              changes: { name: { before: null, after: request.body.name } },
            } as never, // a test entity: not in the app's static catalogue
          );
        });
        return reply.code(201).send({ id, name: request.body.name });
      },
    );
  },
};

describe("HTTP conventions", () => {
  const t = useTestContext({ modules: [probe], env: { BODY_LIMIT_BYTES: "2048" } });

  it("answers unknown routes with problem+json 404", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/nowhere" });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ status: 404, code: "not_found", title: "Not Found" });
  });

  it("reports every invalid and unknown field with its path", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/probes",
      payload: { name: "x", size: -1, color: "red" },
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe("validation_failed");
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["body.color", "body.name", "body.size"]);
    expect(await t.db.selectFrom("change_events").selectAll().execute()).toHaveLength(0);
  });

  it("rejects malformed JSON and oversized bodies without writing", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/probes",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("malformed_json");
    const big = await t.app.inject({
      method: "POST",
      url: "/api/v1/probes",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ name: "a".repeat(5000), size: 1 }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("payload_too_large");
    expect(await t.db.selectFrom("change_events").selectAll().execute()).toHaveLength(0);
  });

  it("replays a repeated Idempotency-Key and refuses one reused with another body", async () => {
    const send = (payload: object) =>
      t.app.inject({ method: "POST", url: "/api/v1/probes", headers: { "idempotency-key": "k-1" }, payload });
    const first = await send({ name: "alpha", size: 1 });
    const second = await send({ name: "alpha", size: 1 });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    const events = await t.db
      .selectFrom("change_events")
      .selectAll()
      .where("entity", "=", "probes")
      .execute();
    expect(events).toHaveLength(1);
    const other = await send({ name: "beta", size: 2 });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe("idempotency_key_reused");
  });

  it("serves an OpenAPI 3.1 document with the module's routes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/probes"].post).toBeDefined();
  });

  it("refuses to register an API route without an access rule", async () => {
    const { buildApp } = await import("./app.js");
    const bad: AppModule = {
      name: "bad",
      routes(app) {
        app.get("/api/v1/open", async () => ({}));
      },
    };
    await expect(
      buildApp({ deps: t.deps, logger: (await import("pino")).default({ level: "silent" }), modules: [bad] }),
    ).rejects.toThrow(/no access rule/);
  });
});

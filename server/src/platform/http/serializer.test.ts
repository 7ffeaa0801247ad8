import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { compileFastStringify, serializerCoverage } from "./serializer.js";

describe("response serialization with fast-json-stringify", () => {
  const t = useTestContext();

  it("writes what zod's parse keeps: declared properties, nulls, optional ones left out", () => {
    const schema = z.object({
      id: z.string(),
      n: z.number().int(),
      tags: z.array(z.string()),
      note: z.string().nullable(),
      extra: z.string().optional(),
      custom: z.record(z.string(), z.unknown()),
      kind: z.discriminatedUnion("type", [
        z.object({ type: z.literal("a"), a: z.string() }),
        z.object({ type: z.literal("b"), b: z.number() }),
      ]),
    });
    const stringify = compileFastStringify(schema);
    expect(stringify).not.toBeNull();
    const data = {
      id: 'x"\n\u2028',
      n: 3,
      tags: ["a", "б"],
      note: null,
      custom: { k: [1, { deep: true }], s: "v" },
      kind: { type: "b", b: 2, hidden: "not declared" },
      secret: "not declared either",
    };
    expect(JSON.parse(stringify?.(data) as string)).toEqual(schema.parse(data));
  });

  it("leaves to zod what JSON Schema cannot say: transforms, dates, output defaults", () => {
    expect(compileFastStringify(z.object({ a: z.string().transform((s) => s.length) }))).toBeNull();
    expect(compileFastStringify(z.object({ at: z.date() }))).toBeNull();
    expect(compileFastStringify(z.object({ a: z.string().default("x") }))).toBeNull();
    expect(compileFastStringify({ type: "object" })).toBeNull();
  });

  it("serves the record, list, timeline and search answers (checked against zod in tests)", async () => {
    const admin = await createUser(t.db, { roleKey: "admin" });
    const headers = await tokenHeaders(t.db, admin.id);
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/contacts",
      headers,
      payload: { firstName: "Serialized", lastName: "Person", phones: [{ raw: "+7 903 111-22-33" }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    for (const url of [
      `/api/v1/contacts/${id}`,
      "/api/v1/contacts?limit=10",
      `/api/v1/timeline/contacts/${id}`,
      "/api/v1/search?q=Serialized",
    ]) {
      const res = await t.app.inject({ method: "GET", url, headers });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    const record = await t.app.inject({ method: "GET", url: `/api/v1/contacts/${id}`, headers });
    expect(record.json()).toMatchObject({ id, firstName: "Serialized", lastName: "Person" });
    const covered = serializerCoverage();
    for (const route of [
      "GET /api/v1/contacts/:id",
      "GET /api/v1/contacts",
      "GET /api/v1/timeline/:entity/:id",
      "GET /api/v1/search",
      "POST /api/v1/contacts",
    ]) {
      expect(covered.get(route), route).toBe(true);
    }
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

/** Bad bytes are refused at the edge with problem+json, and nothing is written. */
describe("bad bytes at the edge", () => {
  const t = useTestContext();
  let headers: Record<string, string>;
  let contactId: string;

  const contacts = async () =>
    Number(
      (
        await t.db
          .selectFrom("contacts")
          .select((e) => e.fn.countAll().as("n"))
          .executeTakeFirst()
      )?.n,
    );
  const names = async () =>
    (await t.db.selectFrom("contacts").select("first_name").execute()).map((r) => r.first_name);
  const send = (
    method: "POST" | "PATCH",
    url: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...headers, "content-type": "application/json", ...extra },
      payload: body,
    });
  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
    expect(res.headers["content-type"]).toContain("application/problem+json");
    return res.json() as { code: string; errors?: { field: string; code: string }[] };
  };

  beforeAll(async () => {
    const user = await createUser(t.db, { roleKey: "admin" });
    headers = await tokenHeaders(t.db, user.id);
    const res = await send("POST", "/api/v1/contacts", JSON.stringify({ firstName: "Clean" }));
    expect(res.statusCode).toBe(201);
    contactId = res.json().id;
  });

  it("a NUL anywhere is 422 null_character naming the field", async () => {
    const before = await contacts();
    const cases: [
      Promise<{ statusCode: number; headers: Record<string, unknown>; json(): unknown }>,
      string,
    ][] = [
      [send("POST", "/api/v1/contacts", '{"firstName":"a\\u0000b"}'), "body.firstName"],
      [send("POST", "/api/v1/contacts", '{"firstName":"ok","tags":["x","a\\u0000"]}'), "body.tags.1"],
      [send("POST", "/api/v1/contacts", '{"firstName":"ok","custom":{"k\\u0000":"v"}}'), "body.custom.k\\0"],
      [send("PATCH", `/api/v1/contacts/${contactId}`, '{"lastName":"x\\u0000"}'), "body.lastName"],
      [t.app.inject({ method: "GET", url: "/api/v1/search?q=a%00b", headers }), "querystring.q"],
      [
        t.app.inject({
          method: "GET",
          url: `/api/v1/contacts?filter=${encodeURIComponent('{"field":"firstName","op":"eq","value":"a\u0000"}')}`,
          headers,
        }),
        "querystring.filter",
      ],
      [t.app.inject({ method: "GET", url: "/api/v1/contacts/a%00b", headers }), "params.id"],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.statusCode, field).toBe(422);
      expect(expectProblem(res).errors?.[0]).toMatchObject({ field, code: "null_character" });
    }
    expect(await contacts()).toBe(before);
    expect(await names()).not.toContain("ok");
  });

  it("invalid UTF-8, lone surrogates and other charsets are refused; nothing is stored", async () => {
    const before = await contacts();
    const invalid = Buffer.concat([Buffer.from('{"firstName":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const bad = await send("POST", "/api/v1/contacts", invalid);
    expect(bad.statusCode).toBe(400);
    expect(expectProblem(bad).code).toBe("invalid_utf8");

    const lone = await send("POST", "/api/v1/contacts", '{"firstName":"\\ud800x"}');
    expect(lone.statusCode).toBe(400);
    expect(expectProblem(lone)).toMatchObject({
      code: "invalid_unicode",
      errors: [{ field: "body.firstName", code: "invalid_unicode" }],
    });
    const pair = await send("POST", "/api/v1/contacts", '{"firstName":"Emoji \\ud83d\\ude00"}');
    expect(pair.statusCode).toBe(201);

    const latin1 = await send("POST", "/api/v1/contacts", Buffer.from('{"firstName":"café"}', "latin1"), {
      "content-type": "application/json; charset=iso-8859-1",
    });
    expect(latin1.statusCode).toBe(415);
    expect(expectProblem(latin1).code).toBe("unsupported_charset");
    const declaredUtf8 = await send("POST", "/api/v1/contacts", '{"firstName":"Café"}', {
      "content-type": "application/json; charset=UTF-8",
    });
    expect(declaredUtf8.statusCode).toBe(201);

    const query = await t.app.inject({ method: "GET", url: "/api/v1/search?q=caf%e9", headers });
    expect(query.statusCode).toBe(400);
    expect(expectProblem(query).code).toBe("invalid_utf8");
    expect(await contacts()).toBe(before + 2);
    expect((await names()).some((n) => n?.includes("\ufffd"))).toBe(false);
  });

  it("a content-encoded body is 415 and not stored, gzip or not", async () => {
    const before = await contacts();
    for (const body of ['{"firstName":"Zipped"}', gzipSync('{"firstName":"Zipped"}')]) {
      const res = await send("POST", "/api/v1/contacts", body, { "content-encoding": "gzip" });
      expect(res.statusCode).toBe(415);
      expect(expectProblem(res).code).toBe("unsupported_content_encoding");
    }
    expect(await contacts()).toBe(before);
  });

  it("414 (a 5,000-character id) and 431 (a 100k-character cursor) answer problem+json", async () => {
    const long = await t.app.inject({ method: "GET", url: `/api/v1/contacts/${"a".repeat(5000)}`, headers });
    expect(long.statusCode).toBe(414);
    expect(expectProblem(long).code).toBe("uri_too_long");
    expect(long.headers["x-content-type-options"]).toBe("nosniff");

    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = t.app.server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; type: string; body: string; nosniff: string }>(
      (resolve, reject) => {
        const req = http.get(
          { host: "127.0.0.1", port, path: `/api/v1/contacts?cursor=${"c".repeat(100_000)}`, headers },
          (res) => {
            let body = "";
            res.on("data", (c) => {
              body += c;
            });
            res.on("end", () =>
              resolve({
                status: res.statusCode ?? 0,
                type: String(res.headers["content-type"]),
                body,
                nosniff: String(res.headers["x-content-type-options"]),
              }),
            );
          },
        );
        req.on("error", reject);
      },
    );
    expect(answer.status).toBe(431);
    expect(answer.type).toBe("application/problem+json");
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: "header_too_large" });
    expect(answer.nosniff).toBe("nosniff");
  });
});

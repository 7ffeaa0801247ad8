import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";

describe("exchange rates", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let manager: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    manager = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "sales_manager" })).id);
    const res = await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/default-currency",
      headers: admin,
      payload: { currency: "RUB" },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  const put = (currency: string, day: string, payload: unknown, headers = admin) =>
    t.app.inject({
      method: "PUT",
      url: `/api/v1/exchange-rates/${currency}/${day}`,
      headers,
      payload: payload as object,
    });
  const list = async (headers = manager) => {
    const res = await t.app.inject({ method: "GET", url: "/api/v1/exchange-rates", headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const audits = async () =>
    Number(
      (
        await t.db
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("action", "like", "settings.exchange-rate.%")
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("keeps a history per currency against the workspace currency, exact, set by admins and read by deal readers", async () => {
    expect((await put("USD", "2026-01-01", { rate: "90.5" })).statusCode).toBe(200);
    const second = await put("USD", "2026-06-01", { rate: "92.1234567891" });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      currency: "USD",
      effectiveOn: "2026-06-01",
      rate: "92.1234567891",
    });
    expect((await put("EUR", "2026-01-01", { rate: "1234.5678" })).statusCode).toBe(200);
    // Setting the same day again replaces it (edit).
    expect((await put("EUR", "2026-01-01", { rate: "100.25" })).json().rate).toBe("100.25");
    const denied = await put("USD", "2026-07-01", { rate: "1" }, manager);
    expect(denied.statusCode).toBe(403);
    const rates = await list();
    expect(rates.baseCurrency).toBe("RUB");
    expect(
      rates.items.map((r: { currency: string; effectiveOn: string; rate: string }) => [
        r.currency,
        r.effectiveOn,
        r.rate,
      ]),
    ).toEqual([
      ["EUR", "2026-01-01", "100.25"],
      ["USD", "2026-06-01", "92.1234567891"],
      ["USD", "2026-01-01", "90.5"],
    ]);
    const edit = await t.db
      .selectFrom("audit_log")
      .select(["changes", "details"])
      .where("action", "=", "settings.exchange-rate.set")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(edit.changes).toEqual({ before: { rate: "1234.5678" }, after: { rate: "100.25" } });
    expect(edit.details).toMatchObject({ currency: "EUR", baseCurrency: "RUB", effectiveOn: "2026-01-01" });
  });

  it("refuses bad input with 422 problem+json and changes nothing", async () => {
    const before = await list();
    const auditsBefore = await audits();
    const bad: [string, string, unknown, string][] = [
      ["usd", "2026-01-01", { rate: "1" }, "params.currency"],
      ["XYZ", "2026-01-01", { rate: "1" }, "currency"],
      ["RUB", "2026-01-01", { rate: "1" }, "currency"],
      ["USD", "2026-02-30", { rate: "1" }, "params.effectiveOn"],
      ["USD", "2026-01-01", { rate: "0" }, "body.rate"],
      ["USD", "2026-01-01", { rate: "0.0000" }, "body.rate"],
      ["USD", "2026-01-01", { rate: "-1" }, "body.rate"],
      ["USD", "2026-01-01", { rate: "1.12345678901" }, "body.rate"],
      ["USD", "2026-01-01", { rate: "92,5" }, "body.rate"],
      ["USD", "2026-01-01", { rate: "9\u00002" }, "body.rate"],
      ["USD", "2026-01-01", { rate: 92.5 }, "body.rate"],
      ["USD", "2026-01-01", { rate: "1", note: "x" }, "body.note"],
    ];
    for (const [currency, day, payload, field] of bad) {
      const res = await put(currency, day, payload);
      expect(res.statusCode, `${currency} ${day} ${JSON.stringify(payload)}`).toBe(422);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const codes = (await put("XYZ", "2026-01-01", { rate: "1" })).json().errors[0].code;
    expect(codes).toBe("unknown_currency");
    expect((await put("RUB", "2026-01-01", { rate: "1" })).json().errors[0].code).toBe(
      "workspace_currency_rate",
    );
    const importBad = await t.app.inject({
      method: "POST",
      url: "/api/v1/exchange-rates/import",
      headers: admin,
      payload: {
        rates: [
          { currency: "KZT", effectiveOn: "2026-01-01", rate: "0.18" },
          { currency: "XXY", effectiveOn: "2026-01-01", rate: "1" },
        ],
      },
    });
    expect(importBad.statusCode).toBe(422);
    expect(importBad.json().errors[0]).toMatchObject({ field: "rates.1.currency", code: "unknown_currency" });
    expect(await list()).toEqual(before);
    expect(await audits()).toBe(auditsBefore);
  });

  it("imports many rates at once and deletes one day (the previous rate applies again)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/exchange-rates/import",
      headers: admin,
      payload: {
        rates: [
          { currency: "KZT", effectiveOn: "2026-01-01", rate: "0.18" },
          { currency: "RSD", effectiveOn: "2026-01-01", rate: "0.85" },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(2);
    const missing = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/exchange-rates/USD/2020-01-01",
      headers: admin,
    });
    expect(missing.statusCode).toBe(404);
    const denied = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/exchange-rates/USD/2026-06-01",
      headers: manager,
    });
    expect(denied.statusCode).toBe(403);
    const del = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/exchange-rates/USD/2026-06-01",
      headers: admin,
    });
    expect(del.statusCode).toBe(204);
    const usd = await t.app.inject({
      method: "GET",
      url: "/api/v1/exchange-rates?currency=USD",
      headers: manager,
    });
    expect(usd.json().items.map((r: { effectiveOn: string }) => r.effectiveOn)).toEqual(["2026-01-01"]);
    const gone = await t.db
      .selectFrom("audit_log")
      .select(["changes"])
      .where("action", "=", "settings.exchange-rate.deleted")
      .executeTakeFirstOrThrow();
    expect(gone.changes).toEqual({ before: { rate: "92.1234567891" }, after: null });
  });

  it("lists the rates of the current workspace currency only", async () => {
    await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/default-currency",
      headers: admin,
      payload: { currency: "KZT" },
    });
    expect(await list()).toEqual({ baseCurrency: "KZT", items: [], nextCursor: null });
    await t.app.inject({
      method: "PUT",
      url: "/api/v1/settings/default-currency",
      headers: admin,
      payload: { currency: "RUB" },
    });
    expect((await list()).items.length).toBe(4);
  });

  it("pages the history by keyset (currency A→Z, newest day first)", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      type Page = { items: { currency: string; effectiveOn: string }[]; nextCursor: string | null };
      const res: { statusCode: number; body: string; json: () => Page } = await t.app.inject({
        method: "GET",
        url: `/api/v1/exchange-rates?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
        headers: manager,
      });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(
        ...res
          .json()
          .items.map((r: { currency: string; effectiveOn: string }) => `${r.currency} ${r.effectiveOn}`),
      );
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(["EUR 2026-01-01", "KZT 2026-01-01", "RSD 2026-01-01", "USD 2026-01-01"]);
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/v1/exchange-rates?cursor=bm9wZQ",
      headers: manager,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("invalid_cursor");
  });
});

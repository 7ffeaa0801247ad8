import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runExport } from "../exports/service.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** Company types/size/rating/parent, contact messengers/channel/language/consent, deal probability; export. */
describe("import and export field coverage", () => {
  const t = useTestContext();
  let admin: Record<string, string>;

  beforeAll(async () => {
    const a = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ language: "ru" }).where("id", "=", a.id).execute();
    admin = await tokenHeaders(t.db, a.id);
  });

  const call = (method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });

  /** Uploads, keeps the suggested mapping (checked by the caller) unless given, dry-runs and runs. */
  async function importCsv(
    entity: string,
    csv: string,
    options: object = {},
    mapping?: Record<string, string>,
  ) {
    const up = await upload(t.app, admin, entity, csv);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    const put = await call("PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping: mapping ?? imp.mapping,
      options: { skipInvalidRows: true, ...options },
    });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, admin, imp.id)).json();
    const errors = (await call("GET", `/api/v1/imports/${imp.id}/errors.csv`)).body.replace(/^\uFEFF/, "");
    expect((await call("POST", `/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, imp.id);
    return { suggested: imp.mapping as Record<string, string>, counts: dry.dryRun, errors };
  }

  it("imports company types, size, rating and parent (by name or tax ID), refusing what the API refuses", async () => {
    const holding = await call("POST", "/api/v1/companies", {
      name: "Holding",
      taxIds: [{ kind: "INN", value: "7707083893" }],
    });
    expect(holding.statusCode, holding.body).toBe(201);
    const csv = [
      "Название;Тип;Численность;Рейтинг;Головная компания",
      "Daughter One;Customer, partner;11-50;a;holding",
      "Daughter Two;supplier;1000+;B;7707083893",
      "Bad Type;vendor;;;",
      "Bad Size;;12;;",
      "Bad Rating;;;E;",
      "Bad Parent;;;;Nowhere Ltd",
    ].join("\n");
    const { suggested, counts, errors } = await importCsv("companies", csv);
    expect(suggested).toEqual({
      "0": "name",
      "1": "types",
      "2": "size",
      "3": "rating",
      "4": "parentCompany",
    });
    expect(counts).toMatchObject({ total: 6, valid: 2, invalid: 4 });
    expect(errors).toContain("Unknown options: vendor.");
    expect(errors).toMatch(/Численность,12,"Not one of/);
    expect(errors).toMatch(/Рейтинг,E,"Not one of/);
    expect(errors).toContain('No company named ""Nowhere Ltd"".');
    const rows = await t.db
      .selectFrom("companies")
      .select(["name", "types", "size", "rating", "parent_company_id"])
      .where("name", "like", "Daughter%")
      .orderBy("name")
      .execute();
    expect(rows).toEqual([
      {
        name: "Daughter One",
        types: ["customer", "partner"],
        size: "11-50",
        rating: "A",
        parent_company_id: holding.json().id,
      },
      {
        name: "Daughter Two",
        types: ["supplier"],
        size: "1000+",
        rating: "B",
        parent_company_id: holding.json().id,
      },
    ]);
  });

  it("refuses to make a company its own ancestor on update", async () => {
    const top = (await call("POST", "/api/v1/companies", { name: "Cycle Top" })).json();
    const mid = (
      await call("POST", "/api/v1/companies", { name: "Cycle Mid", parentCompanyId: top.id })
    ).json();
    expect(mid.id).toBeTruthy();
    const { counts, errors } = await importCsv(
      "companies",
      "Name,Parent company\nCycle Top,Cycle Mid\nCycle Mid,Cycle Mid\n",
      { duplicatePolicy: "update", matchKey: "name" },
      { "0": "name", "1": "parentCompany" },
    );
    expect(counts).toMatchObject({ total: 2, invalid: 2, toUpdate: 0 });
    expect(errors.match(/cannot be its own parent/g)).toHaveLength(2);
    const topNow = await t.db
      .selectFrom("companies")
      .select("parent_company_id")
      .where("id", "=", top.id)
      .executeTakeFirstOrThrow();
    expect(topNow.parent_company_id).toBeNull();
  });

  it("imports messengers, preferred channel, language and consent (origin: import), merging consent on update", async () => {
    const csv = [
      "Имя;Email;Telegram;WhatsApp;Канал связи;Язык;Согласие на рассылку;Согласие на SMS",
      "Мария;maria@consent.example;@maria_tg;+7 916 000-11-22;Telegram;RU;да;нет",
      "Bad Lang;bad1@consent.example;;;;russian;;",
      "Bad Channel;bad2@consent.example;;;pigeon;;;",
      "Bad Consent;bad3@consent.example;;;;;maybe;",
    ].join("\n");
    const { suggested, counts, errors } = await importCsv("contacts", csv);
    expect(suggested).toEqual({
      "0": "firstName",
      "1": "email",
      "2": "telegram",
      "3": "whatsapp",
      "4": "preferredChannel",
      "5": "language",
      "6": "emailMarketing",
      "7": "smsMarketing",
    });
    expect(counts).toMatchObject({ total: 4, valid: 1, invalid: 3 });
    expect(errors).toContain("Use an ISO 639-1 code");
    expect(errors).toMatch(/pigeon,"Not one of/);
    expect(errors).toMatch(/maybe,Not yes\/no/);
    const maria = () =>
      t.db
        .selectFrom("contacts")
        .select(["messengers", "preferred_channel", "language", "consent"])
        .where(sql<boolean>`email_values @> array['maria@consent.example']::text[]`)
        .executeTakeFirstOrThrow();
    const before = await maria();
    expect(before).toMatchObject({
      messengers: [
        { kind: "telegram", handle: "@maria_tg" },
        { kind: "whatsapp", handle: "+7 916 000-11-22" },
      ],
      preferred_channel: "telegram",
      language: "ru",
      consent: {
        emailMarketing: { granted: true, origin: "import" },
        smsMarketing: { granted: false, origin: "import" },
      },
    });

    // An update that gives only the SMS flag, unchanged: both flags stay as they were, with their dates.
    const unchanged = await importCsv(
      "contacts",
      "First name,Email,SMS consent\nМария,maria@consent.example,no\n",
      { duplicatePolicy: "update" },
      { "0": "firstName", "1": "email", "2": "smsMarketing" },
    );
    expect(unchanged.counts).toMatchObject({ toUpdate: 1, invalid: 0 });
    expect((await maria()).consent).toEqual(before.consent);
    // Granting SMS now changes that flag only.
    const granted = await importCsv(
      "contacts",
      "First name,Email,SMS consent\nМария,maria@consent.example,yes\n",
      { duplicatePolicy: "update" },
      { "0": "firstName", "1": "email", "2": "smsMarketing" },
    );
    expect(granted.counts).toMatchObject({ toUpdate: 1, invalid: 0 });
    const after = (await maria()).consent as Record<string, { granted: boolean; at: string }>;
    expect(after.emailMarketing).toEqual((before.consent as Record<string, unknown>).emailMarketing);
    expect(after.smsMarketing?.granted).toBe(true);

    // The export carries messengers, the address and the consent flags back out in a form import reads.
    const res = await call("POST", "/api/v1/exports", {
      entity: "contacts",
      format: "csv",
      columns: ["name", "messengers", "address", "emailMarketing", "smsMarketing"],
    });
    expect(res.statusCode, res.body).toBe(202);
    await runExport(t.db, res.json().id);
    const text = (await call("GET", `/api/v1/exports/${res.json().id}/download`)).rawPayload.toString("utf8");
    expect(text.split("\n")[0]).toContain("Messengers");
    expect(text).toContain("Мария,telegram: @maria_tg; whatsapp: +7 916 000-11-22,,true,true");
  });

  it("imports a deal probability for new deals (0–100, % allowed), else the stage's", async () => {
    await call("POST", "/api/v1/companies", { name: "Odds Ltd" });
    const csv =
      "Title;Probability;Company\nSure Thing;40%;Odds Ltd\nDefault Odds;;Odds Ltd\nToo Sure;101;Odds Ltd\nNot A Number;high;Odds Ltd\n";
    const { suggested, counts, errors } = await importCsv("deals", csv);
    expect(suggested).toEqual({ "0": "title", "1": "probability", "2": "company" });
    expect(counts).toMatchObject({ total: 4, valid: 2, invalid: 2 });
    expect(errors.match(/Use a whole number from 0 to 100/g)).toHaveLength(2);
    const deals = await t.db
      .selectFrom("deals as d")
      .innerJoin("pipeline_stages as s", "s.id", "d.stage_id")
      .select(["d.title", "d.probability", "d.probability_manual", "s.probability as stage"])
      .where("d.title", "in", ["Sure Thing", "Default Odds"])
      .orderBy("d.title")
      .execute();
    expect(deals[0]).toMatchObject({ title: "Default Odds", probability_manual: false });
    expect(deals[0]?.probability).toBe(deals[0]?.stage);
    expect(deals[1]).toMatchObject({ title: "Sure Thing", probability: 40, probability_manual: true });
  });

  it("exports company addresses", async () => {
    const res = await call("POST", "/api/v1/companies", {
      name: "Addressed",
      addresses: [
        {
          kind: "legal",
          street: "Main St",
          building: "5",
          city: "Novi Sad",
          postalCode: "21000",
          country: "RS",
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const exp = await call("POST", "/api/v1/exports", {
      entity: "companies",
      format: "csv",
      columns: ["name", "addresses"],
    });
    expect(exp.statusCode, exp.body).toBe(202);
    await runExport(t.db, exp.json().id);
    const text = (await call("GET", `/api/v1/exports/${exp.json().id}/download`)).rawPayload.toString("utf8");
    expect(text).toContain('Addressed,"Main St 5, Novi Sad, 21000, RS"');
  });
});

import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { runImport } from "./job.js";
import { dryRun, upload } from "./test-helpers.js";

/** Customer lists as real files have them: US phone shapes, a Country column, day/month dates, bad cells. */
describe("imports of real customer files", () => {
  const t = useTestContext();
  let admin: Record<string, string>;
  let english: Record<string, string>;

  beforeAll(async () => {
    admin = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    const en = await createUser(t.db, { roleKey: "admin" });
    await t.db.updateTable("users").set({ language: "en" }).where("id", "=", en.id).execute();
    english = await tokenHeaders(t.db, en.id);
  });

  const call = (
    headers: Record<string, string>,
    method: "GET" | "POST" | "PUT",
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function importCsv(csv: string, mapping: Record<string, string>, options: object) {
    const up = await upload(t.app, english, "contacts", csv);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    const put = await call(english, "PUT", `/api/v1/imports/${imp.id}/mapping`, { mapping, options });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, english, imp.id)).json();
    const report = (await call(english, "GET", `/api/v1/imports/${imp.id}/errors.csv`)).body;
    const run = await call(english, "POST", `/api/v1/imports/${imp.id}/run`);
    if (run.statusCode === 202) await runImport(t.db, imp.id);
    return { imp, counts: dry.dryRun, report, run };
  }

  const byEmail = (email: string) =>
    t.db
      .selectFrom("contacts")
      .select(["phones", "phone_e164", "birthday", "address"])
      .where(sql<boolean>`email_values @> array[${email}]::text[]`)
      .executeTakeFirst();

  it("pre-fills the default country from the workspace's country, not the importer's language", async () => {
    const before = (await upload(t.app, english, "contacts", "Name\nA\n")).json();
    expect(before.options.defaultCountry).toBeNull();
    const bad = await call(admin, "PUT", "/api/v1/settings/workspace-country", { country: "usa" });
    expect(bad.statusCode).toBe(422);
    const set = await call(admin, "PUT", "/api/v1/settings/workspace-country", { country: "US" });
    expect(set.statusCode, set.body).toBe(200);
    expect((await call(english, "GET", "/api/v1/settings/workspace-country")).json()).toEqual({
      country: "US",
    });
    const after = (await upload(t.app, english, "contacts", "Name\nA\n")).json();
    expect(after.options.defaultCountry).toBe("US");
    const refused = await call(english, "PUT", `/api/v1/imports/${after.id}/mapping`, {
      mapping: after.mapping,
      options: { defaultCountry: "Russia" },
    });
    expect(refused.statusCode).toBe(422);
  });

  it("reads US phone shapes with extensions, international prefixes and a per-row Country column", async () => {
    const csv = [
      "First Name,Email,Country,Phone 1,Phone 2",
      "Ann,ann@us.example,,(209)172-7124x3651,915.112.1727",
      "Bob,bob@us.example,United States,001-424-237-0336,+1-424-237-0336x51924",
      "Ivan,ivan@ru.example,Россия,8 (912) 188-55-53,7-495-979-17-37",
      "Olga,olga@ru.example,RU,+7 495 979-17-37 доб. 123,",
      "Zed,zed@nowhere.example,Atlantis,12,",
    ].join("\n");
    const { counts, report } = await importCsv(
      csv,
      { "0": "firstName", "1": "email", "2": "country", "3": "phone", "4": "phone2" },
      { defaultCountry: "US", skipInvalidRows: true },
    );
    expect(counts).toMatchObject({ total: 5, valid: 4, invalid: 1 });
    expect(report).toContain("Atlantis");
    expect(await byEmail("ann@us.example")).toMatchObject({
      phone_e164: ["+12091727124", "+19151121727"],
      phones: [
        { raw: "(209)172-7124x3651", e164: "+12091727124", extension: "3651" },
        { raw: "915.112.1727", e164: "+19151121727" },
      ],
    });
    expect((await byEmail("bob@us.example"))?.phones).toEqual([
      { kind: "work", raw: "001-424-237-0336", e164: "+14242370336" },
      { kind: "other", raw: "+1-424-237-0336x51924", e164: "+14242370336", extension: "51924" },
    ]);
    expect(await byEmail("ivan@ru.example")).toMatchObject({
      phone_e164: ["+79121885553", "+74959791737"],
      address: { country: "RU" },
    });
    expect((await byEmail("olga@ru.example"))?.phones).toEqual([
      { kind: "work", raw: "+7 495 979-17-37 доб. 123", e164: "+74959791737", extension: "123" },
    ]);
    const list = await call(english, "GET", "/api/v1/contacts?limit=100");
    const ann = list.json().items.find((c: { name: string }) => c.name === "Ann");
    expect(ann.phones[0]).toMatchObject({ e164: "+12091727124", extension: "3651" });
  });

  it("imports a row without its invalid value when asked, reporting the cell", async () => {
    const csv = [
      "First Name,Email,Phone 1,Language",
      "Kim,kim@drop.example,not a phone,english",
      "Lee,lee@drop.example,+1-424-237-0336,en",
    ].join("\n");
    const mapping = { "0": "firstName", "1": "email", "2": "phone", "3": "language" };
    const rejected = await importCsv(csv, mapping, { defaultCountry: "US", skipInvalidRows: false });
    expect(rejected.counts).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(rejected.run.statusCode).toBe(422);
    expect(await byEmail("kim@drop.example")).toBeUndefined();

    const dropped = await importCsv(csv.replace(/drop\.example/g, "drop2.example"), mapping, {
      defaultCountry: "US",
      skipInvalidRows: false,
      invalidValues: "dropValue",
    });
    expect(dropped.counts).toMatchObject({ total: 2, valid: 2, invalid: 0 });
    expect(dropped.run.statusCode).toBe(202);
    const lines = dropped.report
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines.filter((l) => l.startsWith("2,"))).toEqual([
      expect.stringMatching(/^2,Phone 1,not a phone,.*,dropped$/),
      expect.stringMatching(/^2,Language,english,.*,dropped$/),
    ]);
    expect(await byEmail("kim@drop2.example")).toMatchObject({ phones: [], phone_e164: [] });

    const kept = await importCsv(
      "First Name,Email,Phone 1\nPat,pat@keep.example,12\n",
      { "0": "firstName", "1": "email", "2": "phone" },
      {
        defaultCountry: "US",
        skipInvalidRows: false,
        invalidPhones: "keepAsText",
      },
    );
    expect(kept.counts).toMatchObject({ total: 1, valid: 1, invalid: 0 });
    expect(kept.report).toMatch(/2,Phone 1,12,.*,kept/);
    expect(await byEmail("pat@keep.example")).toMatchObject({
      phones: [{ kind: "work", raw: "12", e164: null }],
      phone_e164: [],
    });

    // A required value is never dropped: without a name the row is refused.
    const nameless = await importCsv(
      "First Name,Email\n,nobody@drop.example\n",
      { "0": "firstName", "1": "email" },
      {
        skipInvalidRows: true,
        invalidValues: "dropValue",
      },
    );
    expect(nameless.counts).toMatchObject({ total: 1, valid: 0, invalid: 1 });
  });

  it("reads dates in the common shapes, month first for a column the user marks so", async () => {
    const csv = [
      "First Name,Email,Birthday",
      "D1,d1@dates.example,26-08-2020",
      "D2,d2@dates.example,26.08.2020",
      "D3,d3@dates.example,26/08/2020",
      "D4,d4@dates.example,2020-08-26",
      "D5,d5@dates.example,08/26/2020",
    ].join("\n");
    const mapping = { "0": "firstName", "1": "email", "2": "birthday" };
    const sample = (
      await upload(t.app, english, "contacts", `Birthday,Joined,Left\n26/08/2020,08/26/2020,01/02/2020\n`)
    ).json();
    const seen = (await call(english, "GET", `/api/v1/imports/${sample.id}/preview`)).json();
    expect(seen.dateOrders).toEqual({ "0": "dayFirst", "1": "monthFirst", "2": "ambiguous" });
    const dayFirst = await importCsv(csv, mapping, { skipInvalidRows: true });
    expect(dayFirst.counts).toMatchObject({ total: 5, valid: 4, invalid: 1 });
    expect(dayFirst.report).toContain("month first?");
    for (const n of [1, 2, 3, 4]) expect((await byEmail(`d${n}@dates.example`))?.birthday).toBe("2020-08-26");

    const monthFirst = await importCsv(
      [
        "First Name,Email,Birthday",
        "M1,m1@dates.example,08/26/2020",
        "M2,m2@dates.example,08-26-2020",
        "M3,m3@dates.example,2020-08-26",
        "M4,m4@dates.example,26/08/2020",
      ].join("\n"),
      mapping,
      { skipInvalidRows: true, dateOrder: { "2": "monthFirst" } },
    );
    expect(monthFirst.counts).toMatchObject({ total: 4, valid: 3, invalid: 1 });
    for (const n of [1, 2, 3]) expect((await byEmail(`m${n}@dates.example`))?.birthday).toBe("2020-08-26");
  });

  it("reads Excel serial numbers in a date column of a workbook, and real date cells", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Customers");
    ws.addRow(["First Name", "Email", "Subscription Date"]);
    ws.addRow(["S1", "s1@xlsx.example", 44069]);
    ws.addRow(["S2", "s2@xlsx.example", new Date(Date.UTC(2020, 7, 26))]);
    const up = await upload(t.app, english, "contacts", Buffer.from(await wb.xlsx.writeBuffer()), "c.xlsx");
    const imp = up.json();
    await call(english, "PUT", `/api/v1/imports/${imp.id}/mapping`, {
      mapping: { "0": "firstName", "1": "email", "2": "birthday" },
      options: { skipInvalidRows: false },
    });
    expect((await dryRun(t, english, imp.id)).json().dryRun).toMatchObject({ total: 2, valid: 2 });
    expect((await call(english, "POST", `/api/v1/imports/${imp.id}/run`)).statusCode).toBe(202);
    await runImport(t.db, imp.id);
    for (const n of [1, 2]) expect((await byEmail(`s${n}@xlsx.example`))?.birthday).toBe("2020-08-26");
  });
});

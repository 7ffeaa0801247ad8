import iconv from "iconv-lite";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { RU_EXISTING, russianCustomerCsv, US_EXISTING, usCustomerCsv } from "./fixtures/customer-files.js";
import { runImport } from "./job.js";
import { createCompany, dryRun, upload } from "./test-helpers.js";

/**
 * The two kinds of customer files of the issue, generated (fixtures/customer-files.ts): imported with the
 * suggested mapping and the wizard's everyday options, they give exactly the created, linked, warned and
 * refused rows their rules say.
 */
describe("customer list fixtures", () => {
  const t = useTestContext();
  let user: Record<string, string>;
  const existing = new Map<string, string>();

  beforeAll(async () => {
    user = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    for (const name of [...US_EXISTING, ...RU_EXISTING])
      existing.set(name, await createCompany(t.app, user, name));
  });

  const call = (method: "GET" | "PUT" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user, ...(payload ? { payload } : {}) });

  /** Upload → suggested mapping kept → options → dry run → run; the problems by kind. */
  async function importFile(body: Buffer, fileName: string, options: object) {
    const up = await upload(t.app, user, "contacts", body, fileName);
    expect(up.statusCode, up.body).toBe(201);
    const imp = up.json();
    const put = await call("PUT", `/api/v1/imports/${imp.id}/mapping`, { mapping: imp.mapping, options });
    expect(put.statusCode, put.body).toBe(200);
    const dry = (await dryRun(t, user, imp.id)).json();
    const run = await call("POST", `/api/v1/imports/${imp.id}/run`);
    expect(run.statusCode, run.body).toBe(202);
    await runImport(t.db, imp.id);
    const done = (await call("GET", `/api/v1/imports/${imp.id}`)).json();
    const problems = (await call("GET", `/api/v1/imports/${imp.id}/errors?limit=500`)).json().items as {
      row: number;
      kind: string;
      column: string;
    }[];
    const rows = (kind: string) => new Set(problems.filter((p) => p.kind === kind).map((p) => p.row)).size;
    return { imp, dry: dry.dryRun, done, problems, rows };
  }

  /** Contacts of an import linked to the companies that existed before it. */
  async function linkedToExisting(importId: string, names: string[]): Promise<number> {
    const ids = names.map((n) => existing.get(n) ?? "");
    const r = await sql<{ n: number }>`
      select count(distinct c.id)::int as n from import_rows ir
      join contacts c on c.id = ir.record_id
      join contact_companies cc on cc.contact_id = c.id
      where ir.import_id = ${importId} and ir.action = 'created' and cc.company_id = any(${ids}::uuid[])`.execute(
      t.db,
    );
    return r.rows[0]?.n ?? 0;
  }

  it("US customer list: 196 created (80 linked to existing companies, 6 companies created), 12 warned, 4 refused", async () => {
    const { imp, dry, done, problems, rows } = await importFile(
      Buffer.from(usCustomerCsv(200)),
      "customers-100.csv",
      {
        defaultCountry: "US",
        skipInvalidRows: true,
        invalidValues: "dropValue",
        invalidPhones: "keepAsText",
        missingCompanies: "create",
      },
    );
    expect(imp).toMatchObject({ detectedEncoding: "utf-8", detectedDelimiter: "," });
    expect(imp.mapping).toEqual({
      "1": "externalId",
      "2": "firstName",
      "3": "lastName",
      "4": "company",
      "5": "city",
      "6": "country",
      "7": "phone",
      "8": "phone2",
      "9": "email",
      "11": "company.website",
    });
    expect(dry).toMatchObject({ total: 200, valid: 196, invalid: 4, toCreate: 196, companiesToCreate: 6 });
    expect(done.status).toBe("completed");
    expect(done.progress).toMatchObject({ created: 196, failed: 4, companiesCreated: 6 });
    expect(rows("invalid")).toBe(4);
    expect(rows("dropped")).toBe(8);
    expect(rows("kept")).toBe(5);
    // Warned rows: an email dropped or a phone kept as text (row 200 has both).
    expect(new Set(problems.filter((p) => p.kind !== "invalid").map((p) => p.row)).size).toBe(12);
    expect(await linkedToExisting(imp.id, US_EXISTING)).toBe(80);

    const joanna = await t.db
      .selectFrom("contacts")
      .select(["phones", "external_id", "city"])
      .where(sql<boolean>`email_values @> array['joanna.berry4@example.com']::text[]`)
      .executeTakeFirstOrThrow();
    expect(joanna).toEqual({
      city: "Lake Jasmine",
      external_id: "AC000Cd0004",
      phones: [
        { kind: "work", raw: "(646)348-1676x1004", e164: "+16463481676", extension: "1004" },
        { kind: "other", raw: "001-915-459-5433", e164: "+19154595433" },
      ],
    });
    const created = await t.db
      .selectFrom("companies")
      .select(["name", "website"])
      .where("name", "=", "Quantum Orchard")
      .where("deleted_at", "is", null)
      .execute();
    expect(created).toEqual([{ name: "Quantum Orchard", website: "https://www.quantumorchard.example" }]);
  });

  it("Russian Windows-1251 list with `;`: 98 created (38 linked, ё folded), 5 warned, 2 refused", async () => {
    const file = iconv.encode(russianCustomerCsv(100), "windows-1251");
    const { imp, dry, done, rows } = await importFile(file, "клиенты.csv", {
      defaultCountry: "RU",
      skipInvalidRows: true,
      invalidValues: "dropValue",
      missingCompanies: "create",
    });
    expect(imp).toMatchObject({ detectedEncoding: "windows-1251", detectedDelimiter: ";" });
    expect(imp.mapping).toEqual({
      "0": "lastName",
      "1": "firstName",
      "2": "middleName",
      "3": "company",
      "4": "position",
      "5": "phone",
      "6": "mobile",
      "7": "email",
      "8": "city",
      "9": "birthday",
    });
    expect(dry).toMatchObject({ total: 100, valid: 98, invalid: 2, toCreate: 98, companiesToCreate: 3 });
    expect(done.progress).toMatchObject({ created: 98, failed: 2, companiesCreated: 3 });
    expect(rows("invalid")).toBe(2);
    expect(rows("dropped")).toBe(5);
    expect(await linkedToExisting(imp.id, RU_EXISTING)).toBe(38);
    const contact = (email: string) =>
      t.db
        .selectFrom("contacts")
        .select(["name", "position", "phones", "birthday"])
        .where(sql<boolean>`email_values @> array[${email}]::text[]`)
        .executeTakeFirstOrThrow();
    expect(await contact("client1@example.ru")).toMatchObject({
      name: "Ольга Ивановна Смирнова",
      position: "Менеджер; закупки",
      phones: [
        { kind: "work", raw: "7-495-153-31-17", e164: "+74951533117" },
        { kind: "mobile", raw: "+7 911 007-01-03", e164: "+79110070103" },
      ],
    });
    expect((await contact("client2@example.ru")).phones[0]).toEqual({
      kind: "work",
      raw: "+7 495 206-62-34 доб. 102",
      e164: "+74952066234",
      extension: "102",
    });
    // Row 5's birthday (31.02.1990) was dropped, the contact imported without it.
    expect((await contact("client5@example.ru")).birthday).toBeNull();
  });
});

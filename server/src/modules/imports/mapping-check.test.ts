import { beforeAll, describe, expect, it } from "vitest";
import { entityCatalog } from "../../platform/records/catalog.js";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { modules } from "../index.js";
import { type ImportField, standardImportFields } from "./fields.js";
import { checkMapping, inferFieldType } from "./mapping-check.js";
import { upload } from "./test-helpers.js";

// The standard targets are the entities' declared imports: the catalogue the server builds at start.
entityCatalog().add(modules.flatMap((m) => m.entities ?? []));

const rowsOf = (...rows: string[][]) => rows.map((cells) => ({ cells }));

describe("mapping check (pure)", () => {
  const fields: ImportField[] = [
    ...standardImportFields("contacts"),
    { key: "custom.score", label: "Score", kind: "number", custom: true },
    { key: "custom.tier", label: "Tier", kind: "select", options: ["gold", "silver"], custom: true },
  ];

  it("warns when text goes into a number, date or choice field, with the first offending cell as in the file", () => {
    const rows = rowsOf(
      ["Ann", "12", "26-08-2020", "gold"],
      ["Bob", "=1+2", "soon", "bronze"],
      ["Cy", "", "", ""],
    );
    const warnings = checkMapping(fields, rows, {
      "0": "firstName",
      "1": "custom.score",
      "2": "birthday",
      "3": "custom.tier",
    });
    expect(warnings).toEqual([
      { column: "1", field: "custom.score", code: "invalidValues", checked: 2, count: 1, example: "=1+2" },
      { column: "2", field: "birthday", code: "invalidValues", checked: 2, count: 1, example: "soon" },
      { column: "3", field: "custom.tier", code: "invalidValues", checked: 2, count: 1, example: "bronze" },
    ]);
  });

  it("warns when a cell holds several values for a one-value field", () => {
    const rows = rowsOf(["a@x.example, b@y.example", "+1-424-237-0336; 915.112.1727"], ["c@z.example", ""]);
    expect(checkMapping(fields, rows, { "0": "email", "1": "phone" }, { region: "US" })).toEqual([
      {
        column: "0",
        field: "email",
        code: "manyValues",
        checked: 2,
        count: 1,
        example: "a@x.example, b@y.example",
      },
      {
        column: "1",
        field: "phone",
        code: "manyValues",
        checked: 1,
        count: 1,
        example: "+1-424-237-0336; 915.112.1727",
      },
    ]);
  });

  it("reads phones in the row's mapped Country, dates in the chosen order, and is silent when all fits", () => {
    const rows = rowsOf(
      ["Россия", "8 (912) 188-55-53", "08/26/2020"],
      ["US", "(209)172-7124x3651", "12/31/2020"],
    );
    const mapping = { "0": "country", "1": "phone", "2": "birthday" };
    expect(checkMapping(fields, rows, mapping, { dateOrder: { "2": "monthFirst" } })).toEqual([]);
    expect(checkMapping(fields, rows, mapping).map((w) => [w.field, w.count])).toEqual([["birthday", 2]]);
  });

  it("infers the type of a new custom field from a column's sample", () => {
    expect(inferFieldType(["12", "3.5", ""])).toBe("number");
    expect(inferFieldType(["00123", "00456"])).toBe("text");
    expect(inferFieldType(["26-08-2020", "01.02.2021"])).toBe("date");
    expect(inferFieldType(["08/26/2020", "12/31/2020"])).toBe("date");
    expect(inferFieldType(["https://example.com", "www.example.org"])).toBe("url");
    expect(inferFieldType(["a@b.example"])).toBe("email");
    expect(inferFieldType(["(209)172-7124x3651", "915.112.1727"], { region: "US" })).toBe("phone");
    expect(inferFieldType(["yes", "no", "да"])).toBe("boolean");
    expect(inferFieldType(["0", "1"])).toBe("number");
    expect(inferFieldType(["Gold", "Silver"])).toBe("text");
    expect(inferFieldType(["x".repeat(201)])).toBe("longText");
    expect(inferFieldType(["", " "])).toBe("text");
  });
});

describe("mapping check (API)", () => {
  const t = useTestContext();
  let user: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    user = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  it("answers the warnings of an unsaved mapping and the preview's new-field types; another user gets 404", async () => {
    const csv = [
      "First Name,Email,Subscription Date,Website,Score",
      "Ann,ann@check.example,26-08-2020,https://ann.example,10",
      "Bob,bob@check.example; bob2@check.example,31-12-2021,www.bob.example,n/a",
    ].join("\n");
    const imp = (await upload(t.app, user, "contacts", csv)).json();
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/v1/imports/${imp.id}/preview`,
      headers: user,
    });
    expect(preview.json().newFieldTypes).toEqual({
      "0": "text",
      "1": "text",
      "2": "date",
      "3": "url",
      "4": "text",
    });
    const url = `/api/v1/imports/${imp.id}/mapping/check`;
    const res = await t.app.inject({
      method: "POST",
      url,
      headers: user,
      payload: {
        mapping: { "0": "firstName", "1": "email", "2": "birthday" },
        options: { dateOrder: { "2": "monthFirst" } },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      checkedRows: 2,
      warnings: [
        {
          column: "1",
          field: "email",
          code: "manyValues",
          checked: 2,
          count: 1,
          example: "bob@check.example; bob2@check.example",
        },
        {
          column: "2",
          field: "birthday",
          code: "invalidValues",
          checked: 2,
          count: 2,
          example: "26-08-2020",
        },
      ],
    });
    // Nothing was saved: the import keeps its suggested mapping.
    const after = (
      await t.app.inject({ method: "GET", url: `/api/v1/imports/${imp.id}`, headers: user })
    ).json();
    expect(after.mapping).toEqual(imp.mapping);
    const foreign = await t.app.inject({ method: "POST", url, headers: other, payload: { mapping: {} } });
    expect(foreign.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: "POST",
      url,
      headers: user,
      payload: { mapping: {}, encoding: "nope-1" },
    });
    expect(bad.statusCode).toBe(422);
  });
});

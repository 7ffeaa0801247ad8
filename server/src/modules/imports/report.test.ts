import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { dryRun, upload } from "./test-helpers.js";

/** The error report shows values as they were in the file; only the exported CSV escapes formulas. */
describe("import error report", () => {
  const t = useTestContext();
  let user: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    user = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
    other = await tokenHeaders(t.db, (await createUser(t.db, { roleKey: "admin" })).id);
  });

  const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: "GET", url, headers });

  it("lists problems in file order with the cells unescaped, paged; errors.csv keeps the formula escape", async () => {
    const csv = [
      "First Name,Email,Birthday",
      'Ann,=HYPERLINK("http://x.example"),26-08-2020',
      "Bob,bob@report.example,+1-424-237",
      "Cy,@cy,soon",
      "Dee,dee@report.example,01.02.2003",
    ].join("\n");
    const imp = (await upload(t.app, user, "contacts", csv)).json();
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/imports/${imp.id}/mapping`,
      headers: user,
      payload: {
        mapping: { "0": "firstName", "1": "email", "2": "birthday" },
        options: { skipInvalidRows: true },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await dryRun(t, user, imp.id)).json().dryRun).toMatchObject({ total: 4, valid: 1, invalid: 3 });

    const first = await get(user, `/api/v1/imports/${imp.id}/errors?limit=2`);
    expect(first.statusCode, first.body).toBe(200);
    const page1 = first.json();
    expect(page1.items).toEqual([
      {
        row: 2,
        column: "Email",
        value: '=HYPERLINK("http://x.example")',
        reason: expect.any(String),
        kind: "invalid",
      },
      { row: 3, column: "Birthday", value: "+1-424-237", reason: expect.any(String), kind: "invalid" },
    ]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (
      await get(user, `/api/v1/imports/${imp.id}/errors?limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(
      page2.items.map((i: { row: number; column: string; value: string }) => [i.row, i.column, i.value]),
    ).toEqual([
      [4, "Email", "@cy"],
      [4, "Birthday", "soon"],
    ]);
    expect(page2.nextCursor).toBeNull();

    const file = (await get(user, `/api/v1/imports/${imp.id}/errors.csv`)).body;
    expect(file).toContain(`"'=HYPERLINK(""http://x.example"")"`);
    expect(file).toContain("'+1-424-237");
    expect(file).toContain("'@cy");

    expect((await get(other, `/api/v1/imports/${imp.id}/errors`)).statusCode).toBe(404);
    expect((await get(user, `/api/v1/imports/${imp.id}/errors?cursor=abc`)).statusCode).toBe(400);
  });
});

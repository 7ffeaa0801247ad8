import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { ensureCrmEntities } from "../activities/test-records.js";

/** Letters people type as a simpler one (ё/е, Serbian and Kazakh letters) in filters, quick and global search. */
describe("letter folding in search and filters", () => {
  const t = useTestContext();
  let admin: { authorization: string };
  const id: Record<string, string> = {};

  beforeAll(async () => {
    ensureCrmEntities();
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    id.fyodorov = await post("/api/v1/contacts", { firstName: "Пётр", lastName: "Фёдоров" });
    id.fedorova = await post("/api/v1/contacts", { firstName: "Анна", lastName: "Федорова" });
    id.djordjevic = await post("/api/v1/contacts", { firstName: "Đorđe", lastName: "Đorđević" });
    id.cyr = await post("/api/v1/contacts", { firstName: "Ђорђе", lastName: "Ћирић" });
    id.kz = await post("/api/v1/contacts", { firstName: "Әлихан", lastName: "Құнанбаев" });
    id.other = await post("/api/v1/contacts", { firstName: "Ivan", lastName: "Petrov" });
    id.company = await post("/api/v1/companies", { name: "ТОО Өнеркәсіп Ғылым" });
  });

  const filter = async (entity: string, f: object) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/${entity}?limit=100&filter=${encodeURIComponent(JSON.stringify(f))}`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ id: string; name: string }>).map((i) => i.id).sort();
  };
  const search = async (q: string) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    const groups = res.json().groups as Array<{ type: string; items: Array<{ id: string }> }>;
    return groups.flatMap((g) => g.items.map((i) => i.id));
  };

  it("folds ё/е both ways in contains, eq and global search, never changing what is stored", async () => {
    const both = [id.fyodorov, id.fedorova].sort();
    expect(await filter("contacts", { field: "name", op: "contains", value: "Федоров" })).toEqual(both);
    expect(await filter("contacts", { field: "name", op: "contains", value: "фёдоров" })).toEqual(both);
    expect(await filter("contacts", { field: "lastName", op: "startsWith", value: "ФЕДОР" })).toEqual(both);
    expect(await filter("contacts", { field: "name", op: "eq", value: "Петр Федоров" })).toEqual([
      id.fyodorov,
    ]);
    const ne = await filter("contacts", { field: "name", op: "ne", value: "петр федоров" });
    expect(ne).not.toContain(id.fyodorov);
    expect(ne).toContain(id.fedorova);
    // The quick search of a list is an "or" of contains conditions.
    const quick = { or: [{ field: "name", op: "contains", value: "Федоров" }] };
    expect(await filter("contacts", quick)).toEqual(both);
    expect(await search("Федоров")).toEqual(expect.arrayContaining(both));
    expect(await search("Фёдорова")).toContain(id.fedorova);
    const stored = await t.app.inject({
      method: "GET",
      url: `/api/v1/contacts/${id.fyodorov}`,
      headers: admin,
    });
    expect(stored.json().name).toBe("Пётр Фёдоров");
  });

  it("folds Serbian letters (đ/dj/d, ć/č/c, ђ, ћ) in filters and global search", async () => {
    for (const q of ["Djordjevic", "Dordevic", "đorđević"]) {
      expect(await filter("contacts", { field: "name", op: "contains", value: q }), q).toEqual([
        id.djordjevic,
      ]);
      expect(await search(q), q).toContain(id.djordjevic);
    }
    expect(await filter("contacts", { field: "name", op: "contains", value: "Чирич" })).toEqual([id.cyr]);
    expect(await filter("contacts", { field: "name", op: "contains", value: "Дорде" })).toEqual([id.cyr]);
    expect(await search("Чирич")).toContain(id.cyr);
  });

  it("folds Kazakh letters in filters and global search, on contacts and companies", async () => {
    expect(await filter("contacts", { field: "name", op: "contains", value: "Аликан" })).toEqual([]);
    expect(await filter("contacts", { field: "name", op: "contains", value: "Алихан Кунанбаев" })).toEqual([
      id.kz,
    ]);
    expect(await search("Кунанбаев")).toContain(id.kz);
    expect(await filter("companies", { field: "name", op: "contains", value: "онеркасип гылым" })).toEqual([
      id.company,
    ]);
    expect(await filter("companies", { field: "name", op: "eq", value: "ТОО Онеркасип Гылым" })).toEqual([
      id.company,
    ]);
    expect(await search("Онеркасип")).toContain(id.company);
    // No folding of unrelated letters: Petrov is not found by a Cyrillic spelling.
    expect(await filter("contacts", { field: "name", op: "contains", value: "Петров" })).toEqual([]);
  });
});

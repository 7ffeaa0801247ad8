import { beforeAll, describe, expect, it } from "vitest";
import { createUser, tokenHeaders } from "../../test/auth.js";
import { useTestContext } from "../../test/harness.js";
import { ensureCrmEntities } from "../activities/test-records.js";
import { parseQuery } from "./query.js";

interface Group {
  type: string;
  items: Array<{ id: string; highlight: { field: string; value: string } }>;
}

describe("search: the start of a number typed the Russian way", () => {
  const t = useTestContext();
  let admin: { authorization: string };
  let contact: string;
  let company: string;

  beforeAll(async () => {
    ensureCrmEntities();
    const a = await createUser(t.db, { roleKey: "admin" });
    admin = await tokenHeaders(t.db, a.id);
    const post = async (url: string, payload: object) => {
      const res = await t.app.inject({ method: "POST", url, headers: admin, payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    };
    contact = await post("/api/v1/contacts", {
      firstName: "Olga",
      lastName: "Krymova",
      phones: [{ kind: "mobile", raw: "+7 978 690-81-98" }],
    });
    company = await post("/api/v1/companies", {
      name: "Krym Trade",
      phones: [{ kind: "work", raw: "+7 (727) 355-01-02" }],
    });
  });

  const search = async (q: string) => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      headers: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().groups as Group[];
  };
  const ids = (groups: Group[], type: string) =>
    groups.find((g) => g.type === type)?.items.map((i) => i.id) ?? [];

  it("reads a leading 8 of a partial number as the trunk prefix of +7", () => {
    expect(parseQuery("8 978 690").phoneAlt).toBe("7978690");
    expect(parseQuery("8 (978) 690-8").phoneAlt).toBe("79786908");
    // A full 11-digit number already drops its prefix; a fragment from the middle is not a number's start.
    expect(parseQuery("89786908198").phoneCore).toBe("9786908198");
    expect(parseQuery("690-81-98").phoneAlt).toBeNull();
    expect(parseQuery("Olga 8").phoneAlt).toBeNull();
  });

  it("finds contacts and companies by the start of the number with spaces, dashes and brackets", async () => {
    for (const q of [
      "8 978 690",
      "8 978 690-81",
      "8 (978) 690",
      "8-978-690-81-98",
      "+7 978 690",
      "89786908198",
    ]) {
      const groups = await search(q);
      expect(ids(groups, "contacts"), q).toEqual([contact]);
      expect(groups.find((g) => g.type === "contacts")?.items[0]?.highlight, q).toMatchObject({
        field: "phone",
        value: "+7 978 690-81-98",
      });
    }
    expect(ids(await search("8 727 355"), "companies")).toEqual([company]);
    expect(ids(await search("8 (727) 355-01"), "companies")).toEqual([company]);
    // Another number's start finds nothing.
    expect(ids(await search("8 978 691"), "contacts")).toEqual([]);
  });
});

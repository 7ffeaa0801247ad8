import { describe, expect, it } from "vitest";
import { installFakeFetch, json, problem } from "../../test/fakeFetch";
import { groupLabelKey, hrefFor, recordHref, search, secondaryLine, splitHighlight } from "./searchApi";

const hit = (over: Partial<Parameters<typeof secondaryLine>[0]> = {}) => ({
  id: "1",
  title: "Acme",
  subtitle: null,
  highlight: { field: "name", value: "Acme", range: [0, 2] as [number, number] },
  score: 1,
  ...over,
});

describe("global search API", () => {
  it("queries /api/v1/search with the encoded term and drops empty groups", async () => {
    const fake = installFakeFetch({
      "GET /api/v1/search": () =>
        json({
          query: "Ann & Co",
          groups: [
            { type: "contacts", items: [hit({ id: "p1", title: "Ann" })] },
            { type: "deals", items: [] },
          ],
        }),
    });
    const groups = await search("Ann & Co");
    expect(fake.calls[0]?.path).toBe("/api/v1/search");
    expect(new URLSearchParams(fake.calls[0]?.query).get("q")).toBe("Ann & Co");
    expect(groups.map((group) => group.type)).toEqual(["contacts"]);
  });

  it("throws the server's problem instead of answering 'no results'", async () => {
    installFakeFetch({ "GET /api/v1/search": () => problem(422, "validation_failed") });
    await expect(search("a")).rejects.toMatchObject({ status: 422, code: "validation_failed" });
  });

  it("leads to the record's own page", () => {
    expect(hrefFor({ ...hit({ id: "c-1" }), type: "companies" })).toBe("/companies/c-1");
    expect(recordHref("contacts", "p/1")).toBe("/contacts/p%2F1");
    expect(recordHref("deals", "d1")).toBe("/deals/d1");
    expect(recordHref("tasks", "t1")).toBe("/tasks/t1");
    expect(groupLabelKey("contacts")).toBe("search.groups.contacts");
    expect(groupLabelKey("invoices")).toBe("search.groups.other");
  });

  it("splits a highlight around its range, clamped to the value", () => {
    expect(splitHighlight({ field: "name", value: "Acme", range: [1, 3] })).toEqual(["A", "cm", "e"]);
    expect(splitHighlight({ field: "name", value: "Acme", range: [2, 99] })).toEqual(["Ac", "me", ""]);
    expect(splitHighlight({ field: "phone", value: "+7 912", range: null })).toEqual(["+7 912", "", ""]);
  });

  it("shows the matched value when the match was not on the title", () => {
    const phone = hit({ subtitle: "CEO", highlight: { field: "phone", value: "+7 912 345", range: null } });
    expect(secondaryLine(phone)).toEqual({ highlight: phone.highlight, subtitle: "CEO" });
    expect(secondaryLine(hit({ subtitle: "Moscow" }))).toEqual({ highlight: null, subtitle: "Moscow" });
  });
});

import { describe, expect, it } from "vitest";
import { installFakeFetch, json } from "../../test/fakeFetch";
import { groupLabelKey, hrefFor, parseSearchResults, search } from "./searchApi";

describe("search response parsing", () => {
  it("accepts explicit groups", () => {
    const groups = parseSearchResults({
      groups: [
        { type: "company", items: [{ id: 1, name: "Acme" }] },
        { type: "deal", items: [] },
      ],
    });
    expect(groups).toEqual([{ type: "company", items: [{ id: "1", type: "company", title: "Acme" }] }]);
  });

  it("groups a flat result list by type and keeps safe URLs only", () => {
    const groups = parseSearchResults({
      results: [
        { id: "c1", type: "contact", name: "Ann", email: "ann@example.com", url: "/contacts/c1" },
        { id: "d1", type: "deal", title: "Big deal", url: "//evil.example" },
        { id: "c2", type: "contact", name: "Bob" },
      ],
    });
    expect(groups.map((group) => [group.type, group.items.length])).toEqual([
      ["contact", 2],
      ["deal", 1],
    ]);
    expect(groups[0]?.items[0]).toMatchObject({ subtitle: "ann@example.com", url: "/contacts/c1" });
    expect(groups[1]?.items[0]?.url).toBeUndefined();
  });

  it("accepts an object keyed by entity and ignores junk", () => {
    const groups = parseSearchResults({
      companies: [{ id: "1", name: "Acme" }, { name: "no id" }],
      total: 1,
    });
    expect(groups).toHaveLength(1);
    expect(parseSearchResults("nope")).toEqual([]);
  });

  it("maps types to sections and labels", () => {
    expect(hrefFor({ id: "1", type: "Company", title: "Acme" })).toBe("/companies");
    expect(groupLabelKey("contacts")).toBe("search.groups.contacts");
    expect(groupLabelKey("invoice")).toBe("search.groups.other");
  });

  it("queries /api/v1/search with the encoded term", async () => {
    const fake = installFakeFetch({ "GET /api/v1/search": () => json({ results: [] }) });
    await search("Ann & Co");
    expect(fake.calls[0]?.path).toBe("/api/v1/search");
    expect(fake.calls[0]?.query).toBe("?q=Ann%20%26%20Co");
  });
});

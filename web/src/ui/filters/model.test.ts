import { describe, expect, it } from "vitest";
import {
  type BuilderGroup,
  defaultOperator,
  fromFilter,
  RELATIVE_DATES,
  toFilter,
  withSearch,
} from "./model";

const cond = (
  field: string,
  op: BuilderGroup["items"][number] extends infer _ ? string : never,
  value: unknown,
) => ({
  kind: "condition" as const,
  id: `${field}-${op}`,
  field,
  op: op as never,
  value,
});

describe("filter model", () => {
  it("produces the server's JSON for nested groups (3 levels), relative dates and lists", () => {
    const tree: BuilderGroup = {
      kind: "group",
      id: "root",
      combinator: "and",
      items: [
        cond("ownerId", "eq", "me"),
        cond("createdAt", "relative", "thisMonth"),
        {
          kind: "group",
          id: "g2",
          combinator: "or",
          items: [
            cond("types", "in", ["customer", "partner"]),
            {
              kind: "group",
              id: "g3",
              combinator: "and",
              items: [cond("custom.budget", "between", ["10", "20"]), cond("website", "isEmpty", null)],
            },
          ],
        },
        cond("name", "contains", ""), // incomplete: left out
        { kind: "group", id: "empty", combinator: "or", items: [] }, // empty: left out
      ],
    };
    expect(toFilter(tree)).toEqual({
      and: [
        { field: "ownerId", op: "eq", value: "me" },
        { field: "createdAt", op: "relative", value: "thisMonth" },
        {
          or: [
            { field: "types", op: "in", value: ["customer", "partner"] },
            {
              and: [
                { field: "custom.budget", op: "between", value: ["10", "20"] },
                { field: "website", op: "isEmpty" },
              ],
            },
          ],
        },
      ],
    });
  });

  it("round-trips a saved view's filter", () => {
    const filter = {
      or: [
        { field: "name", op: "startsWith" as const, value: "Ac" },
        { and: [{ field: "tags", op: "contains" as const, value: ["vip"] }] },
      ],
    };
    expect(toFilter(fromFilter(filter))).toEqual(filter);
    expect(toFilter(fromFilter(null))).toBeNull();
  });

  it("starts a condition with a preferred operator the server accepts for the field", () => {
    const dateOps = ["eq", "between", "isEmpty", "relative"] as const;
    expect(defaultOperator("date", dateOps)).toBe("relative");
    expect(defaultOperator("text", ["eq", "contains", "startsWith"])).toBe("contains");
    expect(defaultOperator("select", ["eq", "contains"])).toBe("eq");
    // A field whose metadata lacks the preferred operator starts with the first one it accepts.
    expect(defaultOperator("dateTime", ["eq", "lt"])).toBe("eq");
    expect(defaultOperator("tags", ["in", "notIn"])).toBe("in");
  });

  it("offers the relative periods of the server's grammar in menu order", () => {
    expect(RELATIVE_DATES[0]).toBe("today");
    expect(RELATIVE_DATES).toContain("thisQuarter");
    expect(RELATIVE_DATES).toHaveLength(12);
  });

  it("adds the quick search as an OR over the search keys (phone by digits)", () => {
    expect(withSearch(null, "  ", ["name"])).toBeNull();
    expect(
      withSearch({ and: [{ field: "ownerId", op: "eq", value: "me" }] }, "+7 (912) 55", ["name", "phone"]),
    ).toEqual({
      and: [
        { and: [{ field: "ownerId", op: "eq", value: "me" }] },
        {
          or: [
            { field: "name", op: "contains", value: "+7 (912) 55" },
            { field: "phone", op: "contains", value: "791255" },
          ],
        },
      ],
    });
  });
});

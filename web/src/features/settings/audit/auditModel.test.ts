import { describe, expect, it } from "vitest";
import { auditQuery, changeList, displayValue, EMPTY_FILTERS } from "./auditModel";

describe("audit log model", () => {
  it("sends only the filters that are set, with whole-day bounds", () => {
    expect(auditQuery(EMPTY_FILTERS)).toEqual({ limit: 50 });
    const query = auditQuery(
      { actorId: "u1", action: " record. ", entity: "deals", from: "2026-03-01", to: "2026-03-02" },
      "c1",
    );
    expect(query).toMatchObject({
      limit: 50,
      cursor: "c1",
      actorId: "u1",
      action: "record.",
      entity: "deals",
    });
    expect(new Date(query.from ?? "").getDate()).toBe(1);
    expect(new Date(query.to ?? "").getHours()).toBe(23);
  });

  it("turns changes into before → after rows", () => {
    expect(
      changeList({ stage: { before: "New", after: "Won" }, amount: { before: null, after: "10.00" } }),
    ).toEqual([
      { field: "stage", before: "New", after: "Won" },
      { field: "amount", before: null, after: "10.00" },
    ]);
    expect(changeList(null)).toEqual([]);
    expect(displayValue(null)).toBe("—");
    expect(displayValue(["a"])).toBe('["a"]');
  });
});

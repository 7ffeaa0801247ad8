import { describe, expect, it } from "vitest";
import type { WidgetResult } from "./charts/types";
import { drillHref } from "./drill";

describe("drillHref", () => {
  it("opens the entity's list with the row's filter, and nothing for a row without one", () => {
    const rows = [{ month: "2026-11" }, { month: "2026-12" }];
    const filter = { field: "currency", op: "eq", value: "RUB" };
    const result = {
      columns: [],
      rows,
      chart: { type: "bar", y: [] },
      asOf: "",
      exact: true,
      drillDown: [{ entity: "deals", filter }, null],
    } as WidgetResult;
    expect(drillHref(result, rows[0] as (typeof rows)[number])).toBe(
      `/deals?filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(drillHref(result, rows[1] as (typeof rows)[number])).toBeNull();
    expect(drillHref({ ...result, drillDown: undefined }, rows[0] as (typeof rows)[number])).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import type { WidgetResult } from "../../ui/charts/types";
import { drillHref, hasDrill } from "./drill";

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

  it("drills a cell of a widget whose columns count different records into that column's records", () => {
    const row = { user: "u1", calls: 2, tasksDone: 1 };
    const calls = { field: "kind", op: "eq", value: "call" };
    const result = {
      columns: [],
      rows: [row],
      chart: { type: "bar", y: [] },
      asOf: "",
      exact: true,
      drillCells: [{ calls: { entity: "activities", filter: calls }, tasksDone: null }],
    } as WidgetResult;
    expect(hasDrill(result)).toBe(true);
    expect(drillHref(result, row, "calls")).toBe(
      `/activities?filter=${encodeURIComponent(JSON.stringify(calls))}`,
    );
    expect(drillHref(result, row, "tasksDone")).toBeNull();
    expect(drillHref(result, row)).toBeNull(); // the user column: no records of its own
  });
});

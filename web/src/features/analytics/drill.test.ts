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
    const row = { user: "u1", currency: null, calls: 2, tasksDone: 1, revenue: 0 };
    const other = { user: "u2", currency: "RUB", calls: 5, tasksDone: 0, revenue: 700 };
    const calls = {
      and: [
        { field: "kind", op: "eq", value: "call" },
        { field: "ownerId", op: "eq", value: { row: "user" } },
      ],
    };
    const revenue = {
      and: [
        { field: "ownerId", op: "eq", value: { row: "user" } },
        { field: "currency", op: "eq", value: { row: "currency" } },
      ],
    };
    const result = {
      columns: [],
      rows: [row, other],
      chart: { type: "bar", y: [] },
      asOf: "",
      exact: true,
      drillColumns: {
        calls: { entity: "activities", filter: calls },
        revenue: { entity: "deals", filter: revenue },
        tasksDone: null,
      },
    } as WidgetResult;
    const href = (entity: string, filter: object) =>
      `/${entity}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    const owner = (user: string) => ({ field: "ownerId", op: "eq", value: user });
    expect(hasDrill(result)).toBe(true);
    expect(drillHref(result, row, "calls")).toBe(
      href("activities", { and: [{ field: "kind", op: "eq", value: "call" }, owner("u1")] }),
    );
    expect(drillHref(result, other, "calls")).toBe(
      href("activities", { and: [{ field: "kind", op: "eq", value: "call" }, owner("u2")] }),
    );
    // A row without a currency: its revenue cell lists the deals without one.
    expect(drillHref(result, row, "revenue")).toBe(
      href("deals", { and: [owner("u1"), { field: "currency", op: "isEmpty" }] }),
    );
    expect(drillHref(result, other, "revenue")).toBe(
      href("deals", { and: [owner("u2"), { field: "currency", op: "eq", value: "RUB" }] }),
    );
    expect(drillHref(result, row, "tasksDone")).toBeNull();
    // A second currency's revenue row has no calls of its own.
    const extra = { user: "u2", currency: "USD", revenue: 300 };
    expect(drillHref({ ...result, rows: [row, other, extra] }, extra, "calls")).toBeNull();
    expect(drillHref(result, row, "responseTime")).toBeNull(); // a column without records of its own
    expect(drillHref(result, row)).toBeNull(); // the user column: no records of its own
  });
});

import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { cellFormatter } from "./cells";
import { buildChartOption } from "./option";
import type { WidgetResult } from "./types";

const t = i18next.t.bind(i18next);

const revenue: WidgetResult = {
  columns: [
    { key: "month", type: "month" },
    { key: "currency", type: "string" },
    { key: "amount", type: "money", currencyKey: "currency" },
  ],
  rows: [
    { month: "2026-11", currency: "RUB", amount: "1500000.50" },
    { month: "2026-11", currency: "USD", amount: "300.00" },
    { month: "2026-12", currency: "RUB", amount: "20.00" },
  ],
  chart: { type: "stackedBar", x: "month", y: ["amount"], series: "currency" },
  asOf: "2026-12-06T10:00:00Z",
  exact: true,
};

describe("widget chart option", () => {
  it("splits series by currency and maps a clicked point back to its row", () => {
    const built = buildChartOption(revenue, cellFormatter(revenue, t, "ru"));
    const series = built.option.series as { name: string; data: (number | null)[]; stack?: string }[];
    expect(series.map((s) => s.name)).toEqual(["RUB", "USD"]);
    expect(series[0]).toMatchObject({ data: [1500000.5, 20], stack: "total" });
    expect(series[1]?.data).toEqual([300, null]);
    expect(built.rowAt(1, 0)).toEqual(revenue.rows[1]);
    expect(built.rowAt(1, 1)).toBeUndefined();
  });

  it("formats money in its currency and months and ids in the user's language", () => {
    const f = cellFormatter({ ...revenue, labels: { user: { u1: "Анна" } } }, t, "ru");
    const money = revenue.columns[2]!;
    expect(f.text(money, revenue.rows[0]!)).toBe("1\u00a0500\u00a0000,50\u00a0₽");
    expect(f.text(revenue.columns[0]!, revenue.rows[0]!)).toMatch(/2026/);
    expect(f.text({ key: "user", type: "user" }, { user: "u1" })).toBe("Анна");
  });

  it("draws a funnel with one slice per row", () => {
    const funnel: WidgetResult = {
      columns: [
        { key: "stage", type: "stage" },
        { key: "entered", type: "number" },
      ],
      rows: [
        { stage: "s1", entered: 10 },
        { stage: "s2", entered: 4 },
      ],
      chart: { type: "funnel", x: "stage", y: ["entered"] },
      asOf: "2026-12-06T10:00:00Z",
      exact: true,
      labels: { stage: { s1: "Qualification", s2: "Proposal" } },
    };
    const built = buildChartOption(funnel, cellFormatter(funnel, t, "en"));
    const [series] = built.option.series as { type: string; data: { name: string; value: number }[] }[];
    expect(series).toMatchObject({
      type: "funnel",
      data: [
        { name: "Qualification", value: 10 },
        { name: "Proposal", value: 4 },
      ],
    });
    expect(built.rowAt(0, 1)).toEqual(funnel.rows[1]);
  });
});

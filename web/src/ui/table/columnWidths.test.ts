import { describe, expect, it } from "vitest";
import { fitWidths } from "./columnWidths";
import type { FieldType } from "./types";

const col = (key: string, type: FieldType) => ({ key, type });
const deals = [
  col("title", "text"),
  col("companyId", "link"),
  col("amount", "money"),
  col("stageId", "link"),
  col("expectedCloseDate", "date"),
  col("ownerId", "user"),
];
const total = (widths: Record<string, number>) => Object.values(widths).reduce((a, b) => a + b, 0);

describe("column widths that fit the table", () => {
  it("gives the free width to the primary column, so a deal's title is not cut at 20 characters", () => {
    const widths = fitWidths(deals, {}, "title", 1400);
    expect(total(widths)).toBe(1400);
    expect(widths.title).toBeGreaterThan(400);
    expect(widths.ownerId).toBe(190);
  });

  it("shrinks every column towards its minimum to fit 1280 px (about 960 px inside the table)", () => {
    const widths = fitWidths(deals, {}, "title", 960);
    expect(total(widths)).toBeLessThanOrEqual(960);
    expect(widths.ownerId).toBeGreaterThanOrEqual(160);
    expect(widths.expectedCloseDate).toBeGreaterThanOrEqual(105);
    expect(widths.amount).toBeGreaterThanOrEqual(130);
    expect(widths.title).toBeGreaterThanOrEqual(180);
  });

  it("keeps a width the user set, and scrolls sideways only below the minimums", () => {
    const widths = fitWidths(deals, { companyId: 400 }, "title", 960);
    expect(widths.companyId).toBe(400);
    expect(widths.title).toBe(180);
    expect(total(widths)).toBeGreaterThan(960);
  });

  it("shares the free width when the primary column was resized, and uses the type widths before layout", () => {
    const shared = fitWidths(deals, { title: 300 }, "title", 1400);
    expect(shared.title).toBe(300);
    expect(total(shared)).toBeGreaterThanOrEqual(1395);
    expect(fitWidths(deals, {}, "title", 0)).toMatchObject({ title: 260, amount: 150, ownerId: 190 });
  });
});

import { describe, expect, it } from "vitest";
import { moveWidget, placeWidget } from "./layout";

describe("dashboard layout", () => {
  it("places a new report widget below the others, half wide", () => {
    const first = placeWidget([], "r1");
    expect(first[0]).toMatchObject({ kind: "report", reportId: "r1", x: 0, y: 0, w: 6, h: 4 });
    const second = placeWidget(first, "r2");
    expect(second[1]).toMatchObject({ reportId: "r2", y: 4 });
    expect(new Set(second.map((w) => w.id)).size).toBe(2);
  });

  it("keeps moves and resizes inside the 12-column grid", () => {
    const w = { id: "a", kind: "report" as const, reportId: "r", x: 6, y: 0, w: 6, h: 4 };
    expect(moveWidget(w, "right").x).toBe(6);
    expect(moveWidget(w, "wider").w).toBe(6);
    expect(moveWidget(w, "left")).toMatchObject({ x: 5 });
    expect(moveWidget(moveWidget(w, "left"), "wider").w).toBe(7);
    expect(moveWidget({ ...w, w: 2 }, "narrower").w).toBe(2);
    expect(moveWidget(w, "up").y).toBe(0);
    expect(moveWidget(w, "taller").h).toBe(5);
  });
});

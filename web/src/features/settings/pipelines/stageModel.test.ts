import { describe, expect, it } from "vitest";
import type { Stage } from "../api";
import { moveStage, reorderStages, stageOrderPayload } from "./stageModel";

const stages: Stage[] = [
  { id: "a", name: "New", position: 0, probability: 10, kind: "open" },
  { id: "b", name: "Proposal", position: 1, probability: 50, kind: "open" },
  { id: "c", name: "Won", position: 2, probability: 100, kind: "won" },
];

describe("stage reorder", () => {
  it("moves the dragged stage to the drop target and sends every id in order", () => {
    const next = reorderStages(stages, "c", "a");
    expect(stageOrderPayload(next)).toEqual({ stageIds: ["c", "a", "b"] });
    expect(next.map((s) => s.position)).toEqual([0, 1, 2]);
    expect(stageOrderPayload(reorderStages(stages, "a", "b"))).toEqual({ stageIds: ["b", "a", "c"] });
  });

  it("ignores unknown ids and drops on itself", () => {
    expect(stageOrderPayload(reorderStages(stages, "a", "a")).stageIds).toEqual(["a", "b", "c"]);
    expect(stageOrderPayload(reorderStages(stages, "x", "a")).stageIds).toEqual(["a", "b", "c"]);
  });

  it("moves one place with the keyboard and stops at the ends", () => {
    expect(stageOrderPayload(moveStage(stages, "b", 1)).stageIds).toEqual(["a", "c", "b"]);
    expect(stageOrderPayload(moveStage(stages, "a", -1)).stageIds).toEqual(["a", "b", "c"]);
  });
});

import { describe, expect, it } from "vitest";
import { planBatches } from "./batch-plan.js";

describe("mail sync batches", () => {
  const sizes = (pairs: [number, number][]) => new Map(pairs);

  it("caps a batch by message count and by raw bytes, in UID order", () => {
    const uids = [1, 2, 3, 4, 5, 6, 7];
    const s = sizes(uids.map((u) => [u, 100]));
    expect(planBatches(uids, s, 3, 10_000)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(planBatches(uids, s, 100, 250)).toEqual([[1, 2], [3, 4], [5, 6], [7]]);
  });

  it("puts a message larger than the budget in a batch of its own and never makes an empty batch", () => {
    const s = sizes([
      [10, 50],
      [11, 5_000],
      [12, 50],
      [13, 60],
    ]);
    expect(planBatches([10, 11, 12, 13], s, 100, 1_000)).toEqual([[10], [11], [12, 13]]);
    expect(planBatches([], s, 100, 1_000)).toEqual([]);
  });

  it("a UID whose size the server did not report is capped by the count alone", () => {
    expect(planBatches([1, 2, 3], new Map(), 2, 10)).toEqual([[1, 2], [3]]);
  });
});

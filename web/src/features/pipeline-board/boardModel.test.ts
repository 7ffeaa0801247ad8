import { describe, expect, it } from "vitest";
import {
  adjustSums,
  appendPage,
  applyMove,
  boardFilter,
  fromMinor,
  groupByStage,
  requiresLostReason,
  sumByCurrency,
  toMinor,
} from "./boardModel";
import type { Board, BoardDeal, Stage } from "./types";

const deal = (id: string, stageId: string, amount: string | null, currency: string | null): BoardDeal => ({
  id,
  title: `Deal ${id}`,
  stageId,
  amount,
  currency,
});

const stages: Stage[] = [
  { id: "s1", name: "New", position: 0, probability: 10, kind: "open" },
  { id: "s2", name: "Won", position: 1, probability: 100, kind: "won" },
  { id: "s3", name: "Lost", position: 2, probability: 0, kind: "lost" },
];

const board = (): Board => ({
  pipelineId: "p1",
  ratesOn: "2026-12-07",
  total: { count: 1 },
  stages: [
    {
      stageId: "s1",
      count: 3,
      sums: [
        { currency: "EUR", amount: "10.50" },
        { currency: "RUB", amount: "1000000.99" },
      ],
      items: [deal("a", "s1", "0.10", "EUR"), deal("b", "s1", "1000000.99", "RUB")],
      nextCursor: "c1",
    },
    { stageId: "s2", count: 0, sums: [], items: [], nextCursor: null },
    { stageId: "s3", count: 0, sums: [], items: [], nextCursor: null },
  ],
});

describe("money arithmetic", () => {
  it("adds decimal strings exactly, without floats", () => {
    expect(toMinor("0.1") + toMinor("0.2")).toBe(30n);
    expect(fromMinor(toMinor("0.1") + toMinor("0.2"))).toBe("0.30");
    expect(fromMinor(toMinor("99999999999999.99") + 1n)).toBe("100000000000000.00");
    expect(fromMinor(-5n)).toBe("-0.05");
  });

  it("sums per currency and skips deals without an amount", () => {
    const sums = sumByCurrency([
      deal("1", "s1", "100.10", "RUB"),
      deal("2", "s1", "0.20", "EUR"),
      deal("3", "s1", "200", "RUB"),
      deal("4", "s1", null, null),
    ]);
    expect(sums).toEqual([
      { currency: "EUR", amount: "0.20" },
      { currency: "RUB", amount: "300.10" },
    ]);
  });

  it("adjusts sums and drops currencies that reach zero; hidden sums stay hidden", () => {
    expect(adjustSums([{ currency: "EUR", amount: "0.10" }], deal("x", "s1", "0.10", "EUR"), -1)).toEqual([]);
    expect(adjustSums([], deal("x", "s1", "5", "USD"), 1)).toEqual([{ currency: "USD", amount: "5.00" }]);
    expect(adjustSums(undefined, deal("x", "s1", "5", "USD"), 1)).toBeUndefined();
  });
});

describe("grouping", () => {
  it("groups deals by stage in stage order and ignores unknown stages", () => {
    const groups = groupByStage(stages, [
      deal("1", "s2", null, null),
      deal("2", "s1", null, null),
      deal("3", "zz", null, null),
    ]);
    expect([...groups.keys()]).toEqual(["s1", "s2", "s3"]);
    expect(groups.get("s1")?.map((d) => d.id)).toEqual(["2"]);
    expect(groups.get("s2")?.map((d) => d.id)).toEqual(["1"]);
  });
});

describe("applyMove", () => {
  it("moves the card, counts and per-currency sums to the target column", () => {
    const next = applyMove(board(), "a", "s2");
    const [from, to] = next.stages;
    expect(from?.items.map((d) => d.id)).toEqual(["b"]);
    expect(from?.count).toBe(2);
    expect(from?.sums).toEqual([
      { currency: "EUR", amount: "10.40" },
      { currency: "RUB", amount: "1000000.99" },
    ]);
    expect(to?.items.map((d) => [d.id, d.stageId])).toEqual([["a", "s2"]]);
    expect(to?.count).toBe(1);
    expect(to?.sums).toEqual([{ currency: "EUR", amount: "0.10" }]);
  });

  it("keeps the lost reason and leaves the board alone for no-op moves", () => {
    const original = board();
    expect(applyMove(original, "a", "s1")).toBe(original);
    expect(applyMove(original, "nope", "s2")).toBe(original);
    expect(applyMove(original, "a", "unknown")).toBe(original);
    expect(applyMove(original, "b", "s3", "Too expensive").stages[2]?.items[0]?.lostReason).toBe(
      "Too expensive",
    );
  });

  it("does not invent sums when amounts are hidden", () => {
    const hidden: Board = {
      ...board(),
      stages: board().stages.map(({ sums: _sums, ...stage }) => ({
        ...stage,
        items: stage.items.map(({ amount: _amount, ...rest }) => rest),
      })),
    };
    const next = applyMove(hidden, "a", "s2");
    expect(next.stages[1]).not.toHaveProperty("sums");
    expect(next.stages[1]?.count).toBe(1);
  });
});

describe("paging and filters", () => {
  it("appends a further page without duplicates", () => {
    const next = appendPage(board(), "s1", [deal("b", "s1", null, null), deal("c", "s1", null, null)], null);
    expect(next.stages[0]?.items.map((d) => d.id)).toEqual(["a", "b", "c"]);
    expect(next.stages[0]?.nextCursor).toBeNull();
  });

  it("builds the list-engine filter from owner, team members and tag", () => {
    expect(boardFilter({ ownerId: null, tag: null }, null)).toBeUndefined();
    expect(JSON.parse(boardFilter({ ownerId: "u1", tag: "vip" }, ["u1", "u2"]) ?? "")).toEqual({
      and: [
        { field: "ownerId", op: "eq", value: "u1" },
        { field: "ownerId", op: "in", value: ["u1", "u2"] },
        { field: "tags", op: "contains", value: ["vip"] },
      ],
    });
  });

  it("requires a lost reason only for lost stages", () => {
    expect(stages.map(requiresLostReason)).toEqual([false, false, true]);
  });
});

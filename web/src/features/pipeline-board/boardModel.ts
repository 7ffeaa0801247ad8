import type { Board, BoardDeal, BoardStage, MoneySum, Stage } from "./types";

const SCALE = 2;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** A decimal string with at most 2 decimals → integer hundredths (exact; money never becomes a float). */
export function toMinor(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return 0n;
  const [, sign, whole, fraction = ""] = match;
  const minor = BigInt(`${whole}${fraction.padEnd(SCALE, "0").slice(0, SCALE)}`);
  return sign === "-" ? -minor : minor;
}

export function fromMinor(minor: bigint): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(SCALE + 1, "0");
  const text = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
  return negative ? `-${text}` : text;
}

/** Sums per currency of the given deals (deals without an amount or currency are left out). */
export function sumByCurrency(deals: readonly Pick<BoardDeal, "amount" | "currency">[]): MoneySum[] {
  const totals = new Map<string, bigint>();
  for (const deal of deals) {
    if (!deal.amount || !deal.currency) continue;
    totals.set(deal.currency, (totals.get(deal.currency) ?? 0n) + toMinor(deal.amount));
  }
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => ({ currency, amount: fromMinor(minor) }));
}

/** Adds (sign 1) or removes (sign -1) one deal's amount from a stage's per-currency sums. */
export function adjustSums(
  sums: MoneySum[] | undefined,
  deal: Pick<BoardDeal, "amount" | "currency">,
  sign: 1 | -1,
): MoneySum[] | undefined {
  if (!sums || !deal.amount || !deal.currency) return sums;
  const delta = toMinor(deal.amount) * BigInt(sign);
  const existing = sums.find((sum) => sum.currency === deal.currency);
  const next = existing
    ? sums.map((sum) =>
        sum.currency === deal.currency ? { ...sum, amount: fromMinor(toMinor(sum.amount) + delta) } : sum,
      )
    : [...sums, { currency: deal.currency, amount: fromMinor(delta) }];
  return next
    .filter((sum) => toMinor(sum.amount) !== 0n)
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** Groups deals into the pipeline's stages, in stage order (deals of unknown stages are dropped). */
export function groupByStage(
  stages: readonly Stage[],
  deals: readonly BoardDeal[],
): Map<string, BoardDeal[]> {
  const groups = new Map<string, BoardDeal[]>(stages.map((stage) => [stage.id, []]));
  for (const deal of deals) {
    if (deal.stageId) groups.get(deal.stageId)?.push(deal);
  }
  return groups;
}

export function findDeal(board: Board, dealId: string): { deal: BoardDeal; stage: BoardStage } | null {
  for (const stage of board.stages) {
    const deal = stage.items.find((item) => item.id === dealId);
    if (deal) return { deal, stage };
  }
  return null;
}

function withoutConverted(stage: BoardStage): BoardStage {
  const { converted: _converted, ...rest } = stage;
  return rest;
}

/**
 * The board after moving one deal to another stage: removed from its column (count and sums decrease),
 * prepended to the target column (count and sums increase). Unchanged when the deal or stage is unknown.
 */
export function applyMove(board: Board, dealId: string, toStageId: string, lostReason?: string): Board {
  const found = findDeal(board, dealId);
  if (!found || found.stage.stageId === toStageId) return board;
  if (!board.stages.some((stage) => stage.stageId === toStageId)) return board;
  const moved: BoardDeal = { ...found.deal, stageId: toStageId, ...(lostReason ? { lostReason } : {}) };
  return {
    ...board,
    stages: board.stages.map((stage) => {
      // A moved column's total in the workspace currency is the server's to compute: gone until the refetch.
      if (stage.stageId === found.stage.stageId) {
        const sums = adjustSums(stage.sums, moved, -1);
        return {
          ...withoutConverted(stage),
          count: Math.max(0, stage.count - 1),
          items: stage.items.filter((item) => item.id !== dealId),
          ...(sums ? { sums } : {}),
        };
      }
      if (stage.stageId === toStageId) {
        const sums = adjustSums(stage.sums, moved, 1);
        return {
          ...withoutConverted(stage),
          count: stage.count + 1,
          items: [moved, ...stage.items],
          ...(sums ? { sums } : {}),
        };
      }
      return stage;
    }),
  };
}

/** Appends a further page of one column (deduplicated, e.g. after a move shifted the page boundary). */
export function appendPage(
  board: Board,
  stageId: string,
  items: BoardDeal[],
  nextCursor: string | null,
): Board {
  return {
    ...board,
    stages: board.stages.map((stage) => {
      if (stage.stageId !== stageId) return stage;
      const seen = new Set(stage.items.map((item) => item.id));
      return { ...stage, items: [...stage.items, ...items.filter((item) => !seen.has(item.id))], nextCursor };
    }),
  };
}

export const requiresLostReason = (stage: Pick<Stage, "kind"> | undefined): boolean => stage?.kind === "lost";

/** The board's filter as the list engine's JSON filter (owner, team members, tag), or undefined. */
export function boardFilter(
  filters: { ownerId: string | null; tag: string | null },
  teamMemberIds: readonly string[] | null,
): string | undefined {
  const conditions: Record<string, unknown>[] = [];
  if (filters.ownerId) conditions.push({ field: "ownerId", op: "eq", value: filters.ownerId });
  if (teamMemberIds) {
    // A team without members matches nothing (an empty `in` list is not a valid filter).
    const value = teamMemberIds.length ? teamMemberIds : ["00000000-0000-0000-0000-000000000000"];
    conditions.push({ field: "ownerId", op: "in", value });
  }
  if (filters.tag) conditions.push({ field: "tags", op: "contains", value: [filters.tag] });
  return conditions.length ? JSON.stringify({ and: conditions }) : undefined;
}

import { z } from "zod";

/**
 * The optional payload filter of a subscription: conditions on the event's field changes, all or any of them.
 * `changed`: the event changes the field; `eq`/`ne`/`in`: the field's new value (`after`) compared with the
 * given one(s). A condition on a field the event does not carry is false. Custom fields are `custom.<key>`.
 */
const scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const filterCondition = z.discriminatedUnion("op", [
  z.strictObject({ field: z.string().min(1).max(80), op: z.literal("changed") }),
  z.strictObject({ field: z.string().min(1).max(80), op: z.literal("eq"), value: scalar }),
  z.strictObject({ field: z.string().min(1).max(80), op: z.literal("ne"), value: scalar }),
  z.strictObject({
    field: z.string().min(1).max(80),
    op: z.literal("in"),
    value: z.array(scalar).min(1).max(100),
  }),
]);

export const webhookFilter = z
  .strictObject({
    match: z.enum(["all", "any"]).default("all"),
    conditions: z.array(filterCondition).min(1).max(20),
  })
  .describe("Deliver only events whose field changes meet all (or any) of the conditions.");

export type WebhookFilter = z.output<typeof webhookFilter>;
export type FilterCondition = z.output<typeof filterCondition>;

type Change = { before: unknown; after: unknown };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The field's `{before, after}` in an event's changes (`custom.<key>` reads inside `custom`). */
export function changeOf(changes: Record<string, unknown>, field: string): Change | undefined {
  if (field.startsWith("custom.")) {
    const custom = changes.custom as Change | undefined;
    if (!custom || typeof custom !== "object") return undefined;
    const key = field.slice(7);
    const before = (custom.before as Record<string, unknown> | null)?.[key];
    const after = (custom.after as Record<string, unknown> | null)?.[key];
    if (before === undefined && after === undefined) return undefined;
    return { before: before ?? null, after: after ?? null };
  }
  const c = changes[field];
  if (c && typeof c === "object" && "before" in c && "after" in c) return c as Change;
  return undefined;
}

function holds(cond: FilterCondition, changes: Record<string, unknown>): boolean {
  const c = changeOf(changes, cond.field);
  if (!c) return false;
  switch (cond.op) {
    case "changed":
      return !same(c.before, c.after);
    case "eq":
      return same(c.after, cond.value);
    case "ne":
      return !same(c.after, cond.value);
    case "in":
      return cond.value.some((v) => same(c.after, v));
  }
}

/** Whether an event's changes pass the subscription's filter (no filter: every event). */
export function matchesFilter(filter: WebhookFilter | null, changes: Record<string, unknown>): boolean {
  if (!filter) return true;
  return filter.match === "any"
    ? filter.conditions.some((c) => holds(c, changes))
    : filter.conditions.every((c) => holds(c, changes));
}

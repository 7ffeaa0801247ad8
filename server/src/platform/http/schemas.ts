import { sql } from "kysely";
import { z } from "zod";
import { BadRequestError } from "../errors.js";

/** Shared zod building blocks for every module's API schemas. */
export const idParams = z.strictObject({ id: z.uuid() });

export const isoDateTime = z.iso.datetime({ offset: true });
/** A record's version: moves on with every change; send `If-Match: "v<version>"` (the `ETag`) to write safely. */
export const recordVersion = z
  .number()
  .int()
  .optional()
  .describe(
    'Moves on with every change of the record; writes sent with `If-Match: "v<version>"` (the ETag) get 412 `version_conflict` if it moved on.',
  );
export const isoDate = z.iso.date();

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "Use an ISO 4217 code such as RUB, KZT, RSD, EUR, USD.");

/** A decimal amount as a string: up to 13 integer and 2 fraction digits, optionally negative. */
export const decimalString = (opts: { allowNegative?: boolean; scale?: number } = {}) =>
  z
    .string()
    .regex(
      new RegExp(`^${opts.allowNegative ? "-?" : ""}\\d{1,13}(\\.\\d{1,${opts.scale ?? 2}})?$`),
      `Use a decimal number with at most ${opts.scale ?? 2} digits after the point${opts.allowNegative ? "" : ", not negative"}.`,
    );

export const money = z.object({ amount: decimalString(), currency: currencyCode });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});

export const totalCount = z.object({ count: z.number().int(), capped: z.boolean() });

export const listResponse = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: totalCount.optional() });

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(
      z.object({
        field: z.string(),
        message: z.string(),
        code: z.string().optional(),
        limit: z.number().int().optional().describe("`too_big` on a text: its maximum length in characters."),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
      }),
    )
    .optional(),
  retryAfter: z.number().int().optional().describe("429: seconds to wait (also in `Retry-After`)."),
});

/** Opaque keyset cursor: the sort values of the last row, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

export function decodeCursor(cursor: string, expectedLength: number): unknown[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === expectedLength) return v;
  } catch {
    // fall through
  }
  throw new BadRequestError("invalid_cursor", "The cursor is invalid or belongs to another sort order.");
}

export const COUNT_CAP = 10_000;
/** The cap of a list's total for a role that reads only its own or its team's records (`countCapFor`). */
export const SCOPED_COUNT_CAP = 1_000;

/** Keyset condition for a newest-first `(created_at, id)` list: rows after the cursor's last row. */
export function newestFirstAfter(cursor: string) {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) {
    throw new BadRequestError("invalid_cursor", "The cursor is invalid.");
  }
  return sql<boolean>`(created_at, id) < (${new Date(at)}, ${id}::uuid)`;
}

/** One page of a newest-first list read with `limit + 1` rows, and the cursor of the next page. */
export function newestFirstPage<T extends { id: string; created_at: Date }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

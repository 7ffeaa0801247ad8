import { DATE_BUCKETS, type DateBucket, MAX_BUCKETS } from "./definition.js";

const DAYS: Record<DateBucket, number> = { day: 1, week: 7, month: 30.44, quarter: 91.31, year: 365.25 };

export interface Notice {
  code: "bucket_coarsened" | "groups_limited" | "mixed_currencies" | "missing_rates";
  message: string;
  field?: string;
  currencies?: string;
  currency?: string;
  from?: string;
  to?: string;
  limit?: number;
}

type Node = Record<string, unknown>;

/**
 * The date range the filter gives a field (conditions reachable through `and` groups only: an `or` does not
 * bound it), in days; null when the filter leaves either end open (the data then bounds the buckets, and the
 * group limit the rest).
 */
export function filterSpanDays(filter: unknown, key: string): number | null {
  let from: number | null = null;
  let to: number | null = null;
  const walk = (n: unknown) => {
    if (!n || typeof n !== "object") return;
    const node = n as Node;
    if (Array.isArray(node.and)) {
      for (const c of node.and) walk(c);
      return;
    }
    if (node.field !== key) return;
    const t = (v: unknown) => (typeof v === "string" ? Date.parse(v) : Number.NaN);
    if (node.op === "between" && Array.isArray(node.value)) {
      const [a, b] = node.value.map(t);
      if (Number.isFinite(a)) from = Math.max(from ?? -Infinity, a as number);
      if (Number.isFinite(b)) to = Math.min(to ?? Infinity, b as number);
    } else if ((node.op === "gte" || node.op === "gt") && Number.isFinite(t(node.value))) {
      from = Math.max(from ?? -Infinity, t(node.value));
    } else if ((node.op === "lte" || node.op === "lt") && Number.isFinite(t(node.value))) {
      to = Math.min(to ?? Infinity, t(node.value));
    }
  };
  walk(filter);
  if (from === null || to === null) return null;
  return Math.max(0, (to - from) / 86_400_000);
}

/** The finest bucket not coarser than asked that keeps the range within MAX_BUCKETS buckets. */
export function fitBucket(bucket: DateBucket, spanDays: number | null): DateBucket {
  if (spanDays === null) return bucket;
  let i = DATE_BUCKETS.indexOf(bucket);
  while (i < DATE_BUCKETS.length - 1 && spanDays / DAYS[DATE_BUCKETS[i] as DateBucket] > MAX_BUCKETS) i++;
  return DATE_BUCKETS[i] as DateBucket;
}

import v8 from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * How far V8 lets the old generation grow past what the last full collection left live: at most +50 %.
 * By default V8 picks the factor itself (1.1–4×, larger the faster the program allocates relative to the GC's
 * speed), and a mail backfill allocates fast: with ~100 MB live the old generation grew to 356 MB of promoted
 * parse garbage before one full collection, and the single `npm start` process peaked at 502–566 MB RSS on a
 * 10,000-message backfill. Bounded, it collects at ~150 MB (a full collection every ~1,000 messages, each a few
 * hundred ms of mostly concurrent marking): 311–372 MB at 32–60 msg/s, still 452 MB at 136 msg/s — docs/PERFORMANCE.md ("Mail: backfill memory in `npm start`").
 * Unlike `--optimize-for-size` it leaves the young generation and the compilers alone (no CPU cost per request).
 * V8 reads this flag each time it sets the next collection's limit, so setting it at run time works.
 */
export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/**
 * V8's memory mode (`--optimize-for-size`): keeps the young generation at a few MB instead of growing it to
 * 32 MB and grows the old generation in smaller steps. Costs CPU (a 10k backfill: ~3.2 ms of node CPU per
 * message vs ~2.1 ms without; a record page +42 % server CPU per request), so no process kind runs it by
 * default any more; kept for hosts that trade speed for memory (the bench's BENCH_V8=size).
 * Set at run time (unlike `--max-semi-space-size`, which only applies before the heap is configured), it takes
 * effect from the next collection on.
 */
export function favourMemoryOverSpeed(): void {
  v8.setFlagsFromString("--optimize-for-size");
}

/** What every process kind (the `npm start` server, `npm run worker`) sets at start: the old-generation bound. */
export function configureV8(_kind: "server" | "worker"): void {
  boundHeapGrowth();
}

/**
 * One full collection now, at the end of start-up: the growth cap applies to limits V8 sets after a full
 * collection, and a backfill starting right after start-up otherwise ran under V8's initial old-generation limit
 * (244 MB used before the first collection; 10k backfill at ~125 msg/s: 452 MB peak without, 331 MB with).
 */
export function collectNow(): void {
  v8.setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

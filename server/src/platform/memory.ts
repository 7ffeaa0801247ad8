import v8 from "node:v8";

/**
 * A worker process (job handlers, the mail sync) trades a little speed for memory: V8's `--optimize-for-size`
 * keeps the young generation at a few MB instead of growing it to 128 MB and grows the old generation in smaller
 * steps, so garbage from parsing (mailparser, sanitize-html, reply splitting) is collected before it piles up.
 * A 10,000-message backfill peaked at 361–650 MB RSS with V8's defaults (depending on the rate) and 213–226 MB with
 * this, while what is live after a full collection is ~107 MB (module code and sources; no mail stays
 * reachable) — docs/PERFORMANCE.md.
 * Set at run time (unlike `--max-semi-space-size`, which only applies before the heap is configured), it takes
 * effect from the next collection on.
 */
export function favourMemoryOverSpeed(): void {
  v8.setFlagsFromString("--optimize-for-size");
}

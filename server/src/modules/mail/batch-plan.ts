import type { ImapFlow } from "imapflow";

/** A batch's default byte budget: raw message bytes fetched, parsed and stored together. */
export const BATCH_BYTES = 8 * 1024 * 1024;

/** A message larger than this is downloaded and parsed as a stream, its attachments never whole in memory. */
export const STREAM_BYTES = 2 * 1024 * 1024;

/**
 * Splits UIDs (ascending) into batches of at most `maxCount` messages and `maxBytes` raw bytes, in order. A
 * message larger than the budget goes alone; a UID with no known size counts as 0 (the count still caps it).
 * What one batch holds in memory (raw bytes, parsed bodies, attachments until they are in the files store) is so
 * bounded by bytes, not only by the number of messages — 100 letters with 20 MB attachments are 2 GB.
 */
export function planBatches(
  uids: readonly number[],
  sizes: ReadonlyMap<number, number>,
  maxCount: number,
  maxBytes: number,
): number[][] {
  const out: number[][] = [];
  let batch: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(uid);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** RFC822.SIZE of each UID (one FETCH of sizes only, in chunks), to plan batches by bytes before any body. */
export async function fetchSizes(client: ImapFlow, uids: readonly number[]): Promise<Map<number, number>> {
  const sizes = new Map<number, number>();
  for (let i = 0; i < uids.length; i += 5000) {
    const chunk = uids.slice(i, i + 5000);
    for await (const m of client.fetch(chunk, { uid: true, size: true }, { uid: true })) {
      sizes.set(m.uid, m.size ?? 0);
    }
  }
  return sizes;
}

import { api, unwrap } from "../../api/client";

/** Runs `work` for each item, a few at a time; returns how many failed. */
export async function eachLimited<T>(
  items: T[],
  work: (item: T) => Promise<unknown>,
  limit = 6,
): Promise<number> {
  let failed = 0;
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++] as T;
      await work(item).catch(() => {
        failed++;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failed;
}

/** Moves deals to a stage one request each (a lost stage needs the reason); returns how many failed. */
export const moveDeals = (ids: string[], stageId: string, lostReason?: string) =>
  eachLimited(ids, (id) =>
    unwrap(
      api.POST("/api/v1/deals/{id}/move", {
        params: { path: { id } },
        body: { stageId, ...(lostReason ? { lostReason } : {}) },
      }),
    ),
  );

import { useQuery } from "@tanstack/react-query";
import { api, requestJson, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { fetchList } from "../records";

/** `/api/v1/merge` is read defensively until the OpenAPI client picks it up; `/api/v1/duplicates` is typed. */
/** An entity whose declaration has the merge capability (`GET /api/v1/meta/entities`). */
export type MergeEntity = string;

export interface MergeRequest {
  entity: MergeEntity;
  survivorId: string;
  mergedIds: string[];
  /** Field key → id of the record whose value the survivor keeps. */
  fieldChoices: Record<string, string>;
}
export interface MergeResult {
  id: string;
  survivorId: string;
  mergedIds: string[];
  movedLinks: number;
}

const post = (path: string, body?: unknown) =>
  requestJson(path, {
    method: "POST",
    ...(body === undefined
      ? {}
      : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });

export const mergeRecords = async (request: MergeRequest) =>
  (await post("/api/v1/merge", request)) as MergeResult;

export const undoMerge = async (mergeId: string) =>
  (await post(`/api/v1/merge/${encodeURIComponent(mergeId)}/undo`)) as MergeResult;

type DuplicatesEntity = NonNullable<paths["/api/v1/duplicates"]["get"]["parameters"]["query"]>["entity"];
export type DuplicatePage =
  paths["/api/v1/duplicates"]["get"]["responses"][200]["content"]["application/json"];
export type DuplicateGroup = DuplicatePage["items"][number];

/** Groups per page: a page with a next cursor is full; the last one may hold fewer (none: nothing found). */
export const DUPLICATES_PAGE = 50;

/** One page of `GET /duplicates`: the groups of the records after `cursor` (keyset, opaque). */
export const fetchDuplicatePage = (entity: MergeEntity, cursor?: string) =>
  unwrap(
    api.GET("/api/v1/duplicates", {
      params: {
        query: { entity: entity as DuplicatesEntity, limit: DUPLICATES_PAGE, ...(cursor ? { cursor } : {}) },
      },
    }),
  );

const LINK_FIELD: Partial<Record<MergeEntity, string>> = { companies: "companyId", contacts: "contactId" };

/** What moves to the survivor: linked tasks (and, for companies/contacts, deals) of the merged records. */
export function useMovePreview(entity: MergeEntity, mergedIds: string[]) {
  return useQuery({
    queryKey: ["merge-preview", entity, mergedIds],
    enabled: mergedIds.length > 0,
    queryFn: async () => {
      const field = LINK_FIELD[entity];
      const counts = await Promise.all(
        mergedIds.map(async (id) => {
          const [tasks, deals] = await Promise.all([
            fetchList("tasks", { limit: 1, total: "true", linked: `${entity}:${id}`, view: "all" } as never),
            field
              ? fetchList("deals", {
                  limit: 1,
                  total: "true",
                  filter: JSON.stringify({ field, op: "eq", value: id }),
                })
              : null,
          ]);
          return { tasks: tasks.total?.count ?? 0, deals: deals?.total?.count ?? 0 };
        }),
      );
      return counts.reduce((sum, c) => ({ tasks: sum.tasks + c.tasks, deals: sum.deals + c.deals }), {
        tasks: 0,
        deals: 0,
      });
    },
  });
}

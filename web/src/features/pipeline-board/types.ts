import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type Board = JsonBody<paths["/api/v1/pipelines/{id}/board"]["get"]["responses"][200]>;
export type BoardStage = Board["stages"][number];
export type BoardDeal = BoardStage["items"][number];
/** A card's next open task (absent when the role cannot read tasks, null when there is none). */
export type NextTask = NonNullable<BoardDeal["nextTask"]>;
export type Pipeline = JsonBody<paths["/api/v1/pipelines"]["get"]["responses"][200]>["items"][number];
export type Stage = Pipeline["stages"][number];
export type MoneySum = NonNullable<BoardStage["sums"]>[number];
/** A total in the workspace currency with the currencies that had no rate. */
export type ConvertedTotal = NonNullable<BoardStage["converted"]>;
export type DealPage = JsonBody<paths["/api/v1/deals"]["get"]["responses"][200]>;

export interface BoardFilters {
  ownerId: string | null;
  teamId: string | null;
  tag: string | null;
}

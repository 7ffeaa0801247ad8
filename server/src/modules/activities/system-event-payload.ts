/**
 * The payload (`activities.event`) of the timeline items the system writes. The web renders each `event` code
 * as `timeline.events.<event>` with these fields as interpolation values, so a new code needs its text in
 * every locale (web `features/timeline/systemEvents.ts` lists the codes; its test checks them).
 */
export type SystemEventPayload =
  | {
      event: "deal_stage_changed";
      field: "stage";
      before: string | null;
      after: string | null;
      beforeId: string | null;
      afterId: string | null;
      stageKind: string | null;
    }
  | {
      event: "task_completed";
      taskId: string;
      taskType: string;
      title: string;
      result: string | null;
    };

export const SYSTEM_EVENT_CODES = [
  "deal_stage_changed",
  "task_completed",
] as const satisfies readonly SystemEventPayload["event"][];

import type { Stage } from "../api";

/** Stages after dragging `activeId` onto `overId` (unchanged when either is unknown or they are equal). */
export function reorderStages(stages: readonly Stage[], activeId: string, overId: string): Stage[] {
  const from = stages.findIndex((stage) => stage.id === activeId);
  const to = stages.findIndex((stage) => stage.id === overId);
  if (from < 0 || to < 0 || from === to) return [...stages];
  const next = [...stages];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next.map((stage, position) => ({ ...stage, position }));
}

/** Body of PUT /pipelines/{id}/stages/order: every stage id, in the new order. */
export const stageOrderPayload = (stages: readonly Stage[]): { stageIds: string[] } => ({
  stageIds: stages.map((stage) => stage.id),
});

/** Moves a stage one place up or down (keyboard alternative to dragging). */
export function moveStage(stages: readonly Stage[], id: string, delta: -1 | 1): Stage[] {
  const index = stages.findIndex((stage) => stage.id === id);
  const target = stages[index + delta];
  return target ? reorderStages(stages, id, target.id) : [...stages];
}

import type { FieldProblem } from "../../../api/problem";
import type { DeactivateBody, HandoverPlan } from "../api";

export type TargetMode = "user" | "team";

export interface HandoverChoice {
  mode: TargetMode;
  userId: string | null;
  teamId: string | null;
  /** An entity's own target instead of the one for everything (only offered with two or more entities). */
  override?: boolean;
}

/** The choices' key of the one target for every record type. */
export const ALL = "*";

export type HandoverChoices = Record<string, HandoverChoice>;
export type PlanEntity = HandoverPlan["entities"][number];

export const emptyChoice = (): HandoverChoice => ({ mode: "user", userId: null, teamId: null });

/** Only entities with records owned by the leaving user need a target. */
export const entitiesToHandOver = (plan: HandoverPlan | undefined): PlanEntity[] =>
  (plan?.entities ?? []).filter((entry) => entry.count > 0);

/** Whether an entity takes the one target for everything (several entities, no override of its own). */
export const usesCommonTarget = (entities: readonly PlanEntity[], choices: HandoverChoices, entity: string) =>
  entities.length > 1 && !choices[entity]?.override;

/** The target an entity's records go to: its own override, else the one for everything. */
export function effectiveChoice(
  entities: readonly PlanEntity[],
  choices: HandoverChoices,
  entity: string,
): HandoverChoice {
  const key = usesCommonTarget(entities, choices, entity) ? ALL : entity;
  return choices[key] ?? emptyChoice();
}

/** Entity (or `ALL`) → translation key of what is missing; empty when step 2 may be left. */
export function validateChoices(
  entities: readonly PlanEntity[],
  choices: HandoverChoices,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { entity } of entities) {
    const key = usesCommonTarget(entities, choices, entity) ? ALL : entity;
    const choice = effectiveChoice(entities, choices, entity);
    if (choice.mode === "user" && !choice.userId) errors[key] = "settings.handover.chooseUser";
    if (choice.mode === "team" && !choice.teamId) errors[key] = "settings.handover.chooseTeam";
  }
  return errors;
}

/** The deactivate request body; call only after `validateChoices` returned no errors. */
export function toDeactivateBody(
  entities: readonly PlanEntity[],
  choices: HandoverChoices,
  reason: string,
): DeactivateBody {
  const plan: Record<string, { toUserId: string } | { toTeamId: string; strategy: "even" }> = {};
  for (const { entity } of entities) {
    const choice = effectiveChoice(entities, choices, entity);
    if (choice.mode === "user" && choice.userId) plan[entity] = { toUserId: choice.userId };
    if (choice.mode === "team" && choice.teamId) plan[entity] = { toTeamId: choice.teamId, strategy: "even" };
  }
  const trimmed = reason.trim();
  return { plan, ...(trimmed ? { reason: trimmed } : {}) };
}

/** `body.plan.deals.toUserId` → `deals`, so server errors land on the entity's row. */
export function planFieldErrors(problems: readonly FieldProblem[]): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  for (const problem of problems) {
    const match = /^(?:body[./])?plan[./]([^./]+)/.exec(problem.field);
    if (match?.[1]) out[match[1]] = problem;
  }
  return out;
}

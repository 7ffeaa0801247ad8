import { z } from "zod";

export const MAX_REASSIGN = 10_000;

export const reassignBody = z.strictObject({
  entity: z.string().min(1).max(100),
  ids: z.array(z.uuid()).min(1).max(MAX_REASSIGN),
  toUserId: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .describe("Why the records change hands (kept in the audit log)."),
});
export type ReassignInput = z.infer<typeof reassignBody>;

export const reassignResponse = z.object({
  entity: z.string(),
  reassigned: z.number().int().describe("Records whose owner changed."),
  unchanged: z.number().int().describe("Records the target already owned."),
});

const planTarget = z.union([
  z.strictObject({ toUserId: z.uuid() }),
  z.strictObject({ toTeamId: z.uuid(), strategy: z.literal("even") }),
]);
export type PlanTarget = z.infer<typeof planTarget>;

export const deactivateBody = z.strictObject({
  plan: z
    .record(z.string().max(100), planTarget)
    .describe(
      "For each entity with owned records: a user, or a team whose active members share them evenly.",
    ),
  reason: z.string().trim().max(1000).optional(),
});
export type DeactivateInput = z.infer<typeof deactivateBody>;

export const handoverPlanResponse = z.object({
  userId: z.uuid(),
  entities: z.array(
    z.object({
      entity: z.string(),
      label: z.string(),
      count: z.number().int().describe("Records the user owns; the hand-over moves all of them."),
      live: z.number().int().describe("Of those, live work (open tasks, future meetings…)."),
    }),
  ),
});

export const deactivateResponse = z.object({
  userId: z.uuid(),
  deactivatedAt: z.iso.datetime({ offset: true }),
  transferred: z.record(z.string(), z.number().int()),
  sessionsRevoked: z.number().int(),
  tokensRevoked: z.number().int(),
});

export const orphanedResponse = z.object({
  items: z.array(
    z.object({
      entity: z.string(),
      label: z.string(),
      count: z.number().int(),
      owners: z.array(z.object({ id: z.uuid(), name: z.string(), count: z.number().int() })),
    }),
  ),
});

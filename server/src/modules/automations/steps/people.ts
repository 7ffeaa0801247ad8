import { sql } from "kysely";
import type { Assignee, Recipient } from "../schemas.js";
import { PermanentStepError, type StepContext } from "./registry.js";

/** The head of a user: their team's head (unless that is them), else their manager; null when none. */
export async function headOf(ctx: StepContext, userId: string): Promise<string | null> {
  const row = await ctx.trx
    .selectFrom("users as u")
    .leftJoin("teams as tm", "tm.id", "u.team_id")
    .select(
      sql<string | null>`case when tm.head_id is not null and tm.head_id <> u.id then tm.head_id
        when u.manager_id <> u.id then u.manager_id end`.as("head"),
    )
    .where("u.id", "=", userId)
    .executeTakeFirst();
  return row?.head ?? null;
}

function recordOwner(ctx: StepContext): string {
  const owner = ctx.record?.ownerId;
  if (typeof owner !== "string")
    throw new PermanentStepError("no_record_owner", "The record has no owner the rule may see.");
  return owner;
}

async function activeTeamMembers(ctx: StepContext, teamId: string): Promise<string[]> {
  const rows = await ctx.trx
    .selectFrom("users")
    .select("id")
    .where("team_id", "=", teamId)
    .where("is_active", "=", true)
    .orderBy("id")
    .execute();
  if (rows.length === 0) throw new PermanentStepError("no_active_members", "The team has no active members.");
  return rows.map((r) => r.id);
}

/**
 * Resolves who a task or record goes to. Round-robin and least-open-work pick among the team's active users
 * only (deactivated people are skipped); round-robin remembers its last pick per rule and step.
 */
export async function resolveAssignee(
  ctx: StepContext,
  a: Assignee,
  stepId: string,
  dryRun = false,
): Promise<string> {
  switch (a.kind) {
    case "fixed":
      return a.userId;
    case "recordOwner":
      return recordOwner(ctx);
    case "ruleOwner":
      return ctx.rule.ownerId;
    case "ownerHead": {
      const head = await headOf(ctx, recordOwner(ctx));
      if (!head) throw new PermanentStepError("no_head", "The record's owner has no team head or manager.");
      return head;
    }
    case "roundRobin": {
      const members = await activeTeamMembers(ctx, a.teamId);
      const state = await ctx.trx
        .selectFrom("automation_round_robin")
        .select("last_user_id")
        .where("rule_id", "=", ctx.rule.id)
        .where("step_id", "=", stepId)
        .forUpdate()
        .executeTakeFirst();
      const last = state?.last_user_id ?? null;
      const next = members.find((m) => last !== null && m > last) ?? (members[0] as string);
      if (!dryRun) {
        await ctx.trx
          .insertInto("automation_round_robin")
          .values({ rule_id: ctx.rule.id, step_id: stepId, last_user_id: next })
          .onConflict((oc) => oc.columns(["rule_id", "step_id"]).doUpdateSet({ last_user_id: next }))
          .execute();
      }
      return next;
    }
    case "leastOpenWork": {
      const members = await activeTeamMembers(ctx, a.teamId);
      const row = await sql<{ id: string }>`select u.id from unnest(${members}::uuid[]) as u(id)
        order by (select count(*) from tasks t where t.owner_id = u.id and t.status = 'open' and t.deleted_at is null), u.id
        limit 1`.execute(ctx.trx);
      return row.rows[0]?.id as string;
    }
  }
}

export async function resolveRecipient(ctx: StepContext, r: Recipient): Promise<string | null> {
  switch (r.kind) {
    case "user":
      return r.userId;
    case "recordOwner":
      return typeof ctx.record?.ownerId === "string" ? ctx.record.ownerId : null;
    case "ruleOwner":
      return ctx.rule.ownerId;
    case "ownerHead":
      return typeof ctx.record?.ownerId === "string" ? headOf(ctx, ctx.record.ownerId) : null;
  }
}

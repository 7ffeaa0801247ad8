import type { Transaction } from "kysely";
import type { RequestContext } from "../../platform/access/actor.js";
import { writeAudit } from "../../platform/audit/audit.js";
import type { Database } from "../../platform/db/database.js";
import { setsAnyColumn } from "../../platform/db/patch-row.js";
import type { DB } from "../../platform/db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff } from "../../platform/events/outbox.js";
import { auditOrigin } from "./audit-context.js";
import type { TeamDto, TeamInput } from "./schemas.js";
import { presentUser } from "./users-present.js";
import { findUser, listUsers } from "./users-repository.js";

type Db = Database | Transaction<DB>;

function teamQuery(db: Db) {
  return db
    .selectFrom("teams as t")
    .selectAll("t")
    .select((eb) =>
      eb
        .selectFrom("users as u")
        .whereRef("u.team_id", "=", "t.id")
        .where("u.is_active", "=", true)
        .select(eb.fn.countAll<string>().as("n"))
        .as("member_count"),
    );
}
type TeamRow = Awaited<ReturnType<ReturnType<typeof teamQuery>["executeTakeFirstOrThrow"]>>;

function present(t: TeamRow): TeamDto {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    headId: t.head_id,
    memberCount: Number(t.member_count ?? 0),
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
  };
}

const snapshot = (t: TeamDto) => ({ name: t.name, description: t.description, headId: t.headId });

export async function listTeams(db: Db): Promise<TeamDto[]> {
  return (await teamQuery(db).orderBy("t.name").orderBy("t.id").execute()).map(present);
}

export async function getTeam(db: Db, id: string, lock = false): Promise<TeamDto> {
  let q = teamQuery(db).where("t.id", "=", id);
  if (lock) q = q.forUpdate("t");
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError("Team");
  return present(row);
}

export async function teamMembers(db: Db, id: string, limit: number, cursor: string | undefined) {
  await getTeam(db, id);
  const page = await listUsers(db, { teamId: id }, limit, cursor);
  return { items: page.rows.map((u) => presentUser(u, false)), nextCursor: page.nextCursor };
}

async function assertNameFree(db: Db, name: string, exceptId?: string): Promise<void> {
  let q = db
    .selectFrom("teams")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", name.toLowerCase()));
  if (exceptId) q = q.where("id", "<>", exceptId);
  if (await q.executeTakeFirst()) {
    throw new ConflictError("team_name_taken", `A team named "${name}" already exists.`, [
      { field: "body.name", message: "This name is taken.", code: "team_name_taken" },
    ]);
  }
}

/** The head must be an active user; one who is not yet a member joins the team (and stops heading another). */
async function installHead(trx: Transaction<DB>, teamId: string, headId: string): Promise<void> {
  const head = await findUser(trx, headId, true);
  if (!head) throw ValidationError.field("body.headId", "No such user.", "not_found");
  if (!head.is_active)
    throw ValidationError.field("body.headId", "The head must be an active user.", "inactive_user");
  if (head.team_id !== teamId) {
    if (head.team_id) {
      await trx
        .updateTable("teams")
        .set({ head_id: null })
        .where("id", "=", head.team_id)
        .where("head_id", "=", headId)
        .execute();
    }
    await trx.updateTable("users").set({ team_id: teamId }).where("id", "=", headId).execute();
  }
}

export async function createTeam(
  trx: Transaction<DB>,
  ctx: RequestContext,
  input: TeamInput & { name: string },
) {
  await assertNameFree(trx, input.name);
  const row = await trx
    .insertInto("teams")
    .values({ name: input.name, description: input.description ?? "" })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.headId) {
    await installHead(trx, row.id, input.headId);
    await trx.updateTable("teams").set({ head_id: input.headId }).where("id", "=", row.id).execute();
  }
  const team = await getTeam(trx, row.id);
  await writeAudit(trx, {
    ...auditOrigin(ctx),
    action: "team.created",
    entity: "teams",
    entityId: team.id,
    changes: diff({}, snapshot(team)),
  });
  return team;
}

export async function updateTeam(trx: Transaction<DB>, ctx: RequestContext, id: string, input: TeamInput) {
  const before = await getTeam(trx, id, true);
  if (input.name !== undefined) await assertNameFree(trx, input.name, id);
  if (input.headId) await installHead(trx, id, input.headId);
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.headId !== undefined ? { head_id: input.headId } : {}),
  };
  if (setsAnyColumn(set)) await trx.updateTable("teams").set(set).where("id", "=", id).execute();
  const after = await getTeam(trx, id);
  const changes = diff(snapshot(before), snapshot(after));
  if (Object.keys(changes).length > 0) {
    await writeAudit(trx, {
      ...auditOrigin(ctx),
      action: "team.updated",
      entity: "teams",
      entityId: id,
      changes,
    });
  }
  return after;
}

/** Refuses to orphan members: they move to `moveMembersTo`, or the team must be empty. */
export async function deleteTeam(
  trx: Transaction<DB>,
  ctx: RequestContext,
  id: string,
  moveMembersTo: string | undefined,
): Promise<void> {
  const team = await getTeam(trx, id, true);
  if (moveMembersTo === id) {
    throw ValidationError.field("query.moveMembersTo", "Choose another team.", "invalid");
  }
  if (moveMembersTo)
    await getTeam(trx, moveMembersTo).catch(() => {
      throw ValidationError.field("query.moveMembersTo", "No such team.", "not_found");
    });
  const members = await trx.selectFrom("users").select("id").where("team_id", "=", id).forUpdate().execute();
  if (members.length > 0 && !moveMembersTo) {
    throw new ConflictError(
      "team_not_empty",
      `The team has ${members.length} member(s); pass moveMembersTo to move them to another team.`,
    );
  }
  await trx
    .updateTable("users")
    .set({ team_id: moveMembersTo ?? null })
    .where("team_id", "=", id)
    .execute();
  await trx
    .updateTable("invitations")
    .set({ team_id: moveMembersTo ?? null })
    .where("team_id", "=", id)
    .execute();
  await trx.deleteFrom("teams").where("id", "=", id).execute();
  await writeAudit(trx, {
    ...auditOrigin(ctx),
    action: "team.deleted",
    entity: "teams",
    entityId: id,
    details: { team: snapshot(team), movedMembers: members.length, moveMembersTo: moveMembersTo ?? null },
  });
}

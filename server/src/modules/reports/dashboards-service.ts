import type { Kysely, Transaction } from "kysely";
import type { Actor, RequestContext } from "../../platform/access/actor.js";
import type { DB } from "../../platform/db/schema.js";
import { AppError, type FieldError, NotFoundError, ValidationError } from "../../platform/errors.js";
import { diff, recordChange } from "../../platform/events/outbox.js";
import type { ReportDefinition } from "./definition.js";
import {
  assertShareTarget,
  type DashboardRow,
  type Db,
  deleteDashboardRow,
  findReportRows,
  insertDashboard,
  listDashboardRows,
  lockDashboard,
  reportsByIdUnshared,
  updateDashboardRow,
} from "./repository.js";
import { resolveReport } from "./resolve.js";
import { runReport } from "./run.js";
import type { CreateDashboardInput, UpdateDashboardInput, Widget } from "./schemas.js";
import { presentReport } from "./service.js";
import { assertCanChange, shareColumns } from "./share.js";

type Trx = Transaction<DB>;

/** Whether the viewer may run the definition (entity readable, no hidden field): else the widget is hidden. */
async function runnable(db: Db, actor: Actor, d: ReportDefinition): Promise<boolean> {
  try {
    await resolveReport(db, actor, d);
    return true;
  } catch (err) {
    if (err instanceof AppError && (err.status === 422 || err.status === 403)) return false;
    throw err;
  }
}

/**
 * A dashboard as the viewer sees it. Sharing a dashboard shares its widgets' report definitions (not the
 * reports themselves); each runs with the viewer's permissions, and a widget using a field (or entity) the
 * viewer may not read is `hidden`.
 */
async function present(db: Db, actor: Actor, row: DashboardRow) {
  const widgets = (row.widgets ?? []) as Widget[];
  const reports = await reportsByIdUnshared(
    db,
    widgets.flatMap((w) => (w.reportId ? [w.reportId] : [])),
  );
  const out = [];
  for (const w of widgets) {
    const report = w.reportId ? reports.get(w.reportId) : undefined;
    const hidden =
      w.kind === "report"
        ? !report || !(await runnable(db, actor, report.definition as ReportDefinition))
        : false;
    out.push({ ...w, hidden, report: report && !hidden ? presentReport(actor, report) : null });
  }
  return {
    id: row.id,
    name: row.name,
    widgets: out,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    visibility: row.visibility as "private" | "team" | "role" | "everyone",
    teamId: row.team_id,
    roleId: row.role_id,
    mine: row.owner_id === actor.userId,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listDashboards(db: Db, ctx: RequestContext) {
  const rows = await listDashboardRows(db, ctx.actor);
  return Promise.all(rows.map((r) => present(db, ctx.actor, r)));
}

export async function getDashboard(db: Db, actor: Actor, id: string) {
  const [row] = await listDashboardRows(db, actor, id);
  if (!row) throw new NotFoundError("Dashboard");
  return present(db, actor, row);
}

/** Widgets name reports their author can see, built-ins by key; ids are unique. */
async function checkWidgets(db: Db, actor: Actor, widgets: Widget[]) {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const ids = widgets.flatMap((w) => (w.reportId ? [w.reportId] : []));
  const visible = new Set((await findReportRows(db, actor, ids)).map((r) => r.id));
  widgets.forEach((w, i) => {
    if (seen.has(w.id))
      errors.push({ field: `widgets.${i}.id`, message: "Duplicate id.", code: "duplicate" });
    seen.add(w.id);
    if (w.kind === "report" && (!w.reportId || !visible.has(w.reportId))) {
      errors.push({ field: `widgets.${i}.reportId`, message: "Unknown report.", code: "unknown_report" });
    }
    if (w.kind === "builtin" && !w.builtin) {
      errors.push({ field: `widgets.${i}.builtin`, message: "Name the built-in widget.", code: "required" });
    }
  });
  if (errors.length > 0) throw new ValidationError(errors);
}

const pick = (r: {
  name: string;
  widgets: unknown;
  visibility: string;
  team_id: string | null;
  role_id: string | null;
}) => ({ name: r.name, widgets: r.widgets, visibility: r.visibility, teamId: r.team_id, roleId: r.role_id });

export async function createDashboard(trx: Trx, ctx: RequestContext, input: CreateDashboardInput) {
  if (ctx.actor.readOnly) throw new AppError(403, "permission_denied", "This token is read-only.");
  await checkWidgets(trx, ctx.actor, input.widgets);
  const share = shareColumns(ctx.actor, input);
  await assertShareTarget(trx, share);
  const values = {
    name: input.name,
    widgets: JSON.stringify(input.widgets),
    owner_id: ctx.actor.userId,
    ...share,
  };
  const { id } = await insertDashboard(trx, values);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    {
      entity: "dashboards",
      entityId: id,
      action: "create",
      changes: diff({}, pick({ ...values, widgets: input.widgets })),
    },
  );
  return getDashboard(trx, ctx.actor, id);
}

export async function updateDashboard(
  trx: Trx,
  ctx: RequestContext,
  id: string,
  input: UpdateDashboardInput,
) {
  const before = await lockDashboard(trx, ctx.actor, id);
  if (!before) throw new NotFoundError("Dashboard");
  assertCanChange(ctx.actor, before.owner_id, "dashboard");
  if (input.widgets) {
    // Widgets already on the dashboard may stay even if their report is no longer shared with the editor.
    const kept = new Set(((before.widgets ?? []) as Widget[]).map((w) => w.reportId));
    await checkWidgets(
      trx,
      ctx.actor,
      input.widgets.filter((w) => !kept.has(w.reportId)),
    );
  }
  const share =
    input.visibility !== undefined
      ? shareColumns(ctx.actor, { visibility: input.visibility, teamId: input.teamId, roleId: input.roleId })
      : {};
  if ("team_id" in share)
    await assertShareTarget(trx, share as { team_id: string | null; role_id: string | null });
  await updateDashboardRow(trx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.widgets ? { widgets: JSON.stringify(input.widgets) } : {}),
    ...share,
  });
  const after = await lockDashboard(trx, ctx.actor, id);
  if (after) {
    const changes = diff(pick(before), pick(after));
    if (Object.keys(changes).length > 0) {
      await recordChange(
        trx,
        { actorId: ctx.actor.userId, requestId: ctx.requestId },
        { entity: "dashboards", entityId: id, action: "update", changes },
      );
    }
  }
  return getDashboard(trx, ctx.actor, id);
}

export async function deleteDashboard(trx: Trx, ctx: RequestContext, id: string) {
  const row = await lockDashboard(trx, ctx.actor, id);
  if (!row) throw new NotFoundError("Dashboard");
  assertCanChange(ctx.actor, row.owner_id, "dashboard");
  await deleteDashboardRow(trx, id);
  await recordChange(
    trx,
    { actorId: ctx.actor.userId, requestId: ctx.requestId },
    { entity: "dashboards", entityId: id, action: "delete", changes: { name: row.name } },
  );
}

/** Runs one report widget of a dashboard the viewer can see, with the viewer's permissions. */
export async function runWidget(
  db: Kysely<DB>,
  actor: Actor,
  dashboardId: string,
  widgetId: string,
  currency: string,
) {
  const [row] = await listDashboardRows(db, actor, dashboardId);
  if (!row) throw new NotFoundError("Dashboard");
  const widget = ((row.widgets ?? []) as Widget[]).find((w) => w.id === widgetId);
  const report = widget?.reportId
    ? (await reportsByIdUnshared(db, [widget.reportId])).get(widget.reportId)
    : null;
  if (!widget || !report) throw new NotFoundError("Widget");
  return runReport(db, actor, report.definition as ReportDefinition, currency);
}

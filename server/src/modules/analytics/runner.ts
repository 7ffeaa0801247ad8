import { type Actor, hiddenFields, scopeFor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import type { CommunicationSource, WidgetNotice, WidgetResult } from "../../platform/analytics/widget.js";
import type { Database } from "../../platform/db/database.js";
import { AppError } from "../../platform/errors.js";
import { ANSWER_FORMAT, answerTexts } from "./answer-text.js";
import { cacheKey, lookupWidget, store } from "./cache.js";
import { drillsFor } from "./drill.js";
import { type AnalyticsQuery, filtersOf } from "./filters.js";
import { labelsFor } from "./labels.js";
import { rollupView } from "./rollup-repository.js";
import type { BuiltinWidget } from "./widgets.js";

/** 403: a widget's measure or dimension reads a field the viewer's role hides (the field is named). */
export class AnalyticsFieldHiddenError extends AppError {
  constructor(field: string) {
    super(403, "analytics_field_hidden", `This figure uses ${field}, which your role cannot see.`, [
      { field, message: "Hidden from your role.", code: "analytics_field_hidden" },
    ]);
  }
}

/** The first field of the widget the viewer's role hides, as `entity.field`. */
export function hiddenFieldOf(actor: Actor, widget: BuiltinWidget): string | null {
  const f = widget.fields.find((x) => isHidden(actor, x.entity, x.field));
  return f ? `${f.entity}.${f.field}` : null;
}

/**
 * Runs a built-in widget for a viewer: refuses a widget reading a hidden field, resolves the filters, answers
 * from the shared cache when the data version and the viewer's scope are the same, else computes (exact, as of
 * now) and stores the result. Answers the `WidgetResult`'s JSON text (checked against the schema): a hit is the
 * stored text as is.
 */
export async function runWidget(
  db: Database,
  actor: Actor,
  widget: BuiltinWidget,
  query: AnalyticsQuery,
  communicationSources: readonly CommunicationSource[],
  currencyOf: (setting: unknown) => string,
): Promise<string> {
  const hidden = hiddenFieldOf(actor, widget);
  if (hidden) throw new AnalyticsFieldHiddenError(hidden);
  // The key's parts known before the statement; the resolved period and the currency setting are added in SQL.
  const prefix = cacheKey({
    widget: widget.id,
    query: [query.pipelineId ?? null, query.teamId ?? null, query.userId ?? null, query.bucket ?? null],
    scope: widget.entities.map((e) => [e, scopeFor(actor, e, "read"), [...hiddenFields(actor, e)].sort()]),
    user: actor.userId,
    team: actor.teamId,
    unsetCurrency: currencyOf(null),
    format: ANSWER_FORMAT,
  });
  const { period, setting, key, version, mark, hit } = await lookupWidget(db, actor, query, prefix);
  const filters = filtersOf(period, query);
  if (hit) return hit;
  const workspaceCurrency = currencyOf(setting);
  const rollup = await rollupView(db, filters.timeZone);
  const out = await widget.run({
    db,
    actor,
    filters,
    visible: (entity, field) => !isHidden(actor, entity, field),
    communicationSources,
    rollup,
    workspaceCurrency,
  });
  // From a rollup that has not applied every change yet: "as of" the oldest change it lacks.
  const lagging = out.fromRollup && rollup && !rollup.exact ? rollup : null;
  const notices: WidgetNotice[] = [...(out.notices ?? [])];
  if (filters.coarsened) notices.push({ code: "bucket_coarsened", params: { bucket: filters.bucket } });
  const result: WidgetResult = {
    columns: out.columns,
    rows: out.rows,
    chart: widget.chart,
    asOf: lagging ? lagging.asOf : new Date().toISOString(),
    exact: !lagging,
    notices,
    labels: await labelsFor(db, out.columns, out.rows),
  };
  Object.assign(result, await drillsFor(db, widget.id, filters, out.rows, communicationSources));
  // A lagging rollup's answer is cached with the rollup mark read before computing: the data version may not move
  // again once the rollup catches up, but the mark does (a later batch of the consumer), so it is then recomputed.
  const texts = answerTexts(result);
  await store(db, key, version, { body: texts.cached, asOf: result.asOf }, lagging ? mark : null);
  return texts.fresh;
}

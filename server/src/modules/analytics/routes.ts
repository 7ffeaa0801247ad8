import { z } from "zod";
import { scopeFor } from "../../platform/access/actor.js";
import { isHidden } from "../../platform/access/fields.js";
import {
  type CommunicationSource,
  chartHint,
  type WidgetDefinition,
  widgetResult,
} from "../../platform/analytics/widget.js";
import { requestContext } from "../../platform/http/authorize.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { defaultCurrencyOf } from "../currencies/module.js";
import { analyticsQuery } from "./filters.js";
import { runWidget } from "./runner.js";
import { BUILTIN_WIDGETS } from "./widgets.js";

const JSON_TYPE = "application/json; charset=utf-8";

export interface AnalyticsSources {
  widgets(): readonly WidgetDefinition[];
  communications(): readonly CommunicationSource[];
}

const catalogResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      dashboard: z.string(),
      path: z.string(),
      chart: chartHint,
      available: z.boolean().describe("False when the widget reads a field hidden from the viewer's role"),
    }),
  ),
});

export function analyticsRoutes(sources: AnalyticsSources) {
  return (app: App, { db, config }: AppDeps): void => {
    app.get(
      "/api/v1/analytics/widgets",
      {
        config: { access: access.authenticated() },
        schema: {
          tags: ["analytics"],
          summary: "Dashboard widgets the viewer may open (built-in and contributed by modules)",
          response: { 200: catalogResponse },
        },
      },
      async (request) => {
        const { actor } = requestContext(request);
        const items = [...BUILTIN_WIDGETS, ...sources.widgets()]
          .filter((w) => w.entities.some((e) => scopeFor(actor, e, "read") !== "none"))
          .map((w) => ({
            id: w.id,
            dashboard: w.dashboard,
            path: w.path,
            chart: w.chart,
            available: !w.fields.some((f) => isHidden(actor, f.entity, f.field)),
          }));
        return { items };
      },
    );

    for (const widget of BUILTIN_WIDGETS) {
      app.get(
        widget.path,
        {
          config: { access: access.authenticated() },
          schema: {
            tags: ["analytics"],
            summary: `Analytics widget ${widget.id}`,
            description:
              "Figures within the viewer's read scope of each entity, filtered by period (viewer's time zone), " +
              "pipeline, team and person. 403 `analytics_field_hidden` when it reads a field the role hides. " +
              "Answers from the shared result cache say `exact: false` and `asOf` their computation.",
            querystring: analyticsQuery,
            response: { 200: widgetResult },
          },
        },
        async (request, reply) => {
          const { actor } = requestContext(request);
          const currencyOf = (setting: unknown) => defaultCurrencyOf(setting, config).currency;
          const text = await runWidget(
            db,
            actor,
            widget,
            request.query,
            sources.communications(),
            currencyOf,
          );
          // Already the schema's JSON (answer-text.ts): a string with a JSON content type is sent as is.
          return reply.type(JSON_TYPE).send(text as never);
        },
      );
    }
  };
}

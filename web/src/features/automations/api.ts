import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { components, paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer B }
    ? JsonBody<B>
    : R extends { 201: infer B }
      ? JsonBody<B>
      : never
  : never;

export type Rule = components["schemas"]["AutomationRule"];
/** The entities a rule may be for, as the API declares them (the server's catalogue). */
export type RuleEntity = NonNullable<
  paths["/api/v1/automations"]["post"]["requestBody"]
>["content"]["application/json"]["entity"];
export type Definition = Rule["definition"];
export type Trigger = Definition["trigger"];
export type Step = Definition["steps"][number];
export type Run = components["schemas"]["AutomationRun"];
export type Template = Ok<"/api/v1/automation-templates", "get">["items"][number];
export type TestResult = Ok<"/api/v1/automations/{id}/test", "post">;
export type Created = Ok<"/api/v1/automations", "post">;

export const automationKeys = {
  all: ["automations"] as const,
  list: ["automations", "list"] as const,
  runs: (id: string) => ["automations", "runs", id] as const,
  settings: ["automations", "settings"] as const,
};

export const rulesQuery = queryOptions({
  queryKey: automationKeys.list,
  queryFn: () => unwrap(api.GET("/api/v1/automations")),
  select: (page) => page.items,
});

export const templatesQuery = (language: string) =>
  queryOptions({
    queryKey: ["automations", "templates", language],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/automation-templates", {
          params: {
            query: { language: (["en", "ru", "sr", "kk"].includes(language) ? language : "en") as "en" },
          },
        }),
      ),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });

export const runsQuery = (id: string) =>
  queryOptions({
    queryKey: automationKeys.runs(id),
    queryFn: () =>
      unwrap(api.GET("/api/v1/automations/{id}/runs", { params: { path: { id }, query: { limit: 50 } } })),
    select: (page) => page.items,
  });

export const settingsQuery = queryOptions({
  queryKey: automationKeys.settings,
  queryFn: () => unwrap(api.GET("/api/v1/automations/settings")),
});

export type Catalog = Ok<"/api/v1/automations/catalog", "get">;
/** The kinds of trigger the modules offer for an entity's fields, and the records a rule may create. */
export const catalogQuery = (entity: string, language = "en") =>
  queryOptions({
    queryKey: ["automations", "catalog", entity, language],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/automations/catalog", {
          params: {
            query: {
              entity: entity as RuleEntity,
              // The variables' labels: in the interface language the server knows, else English.
              language: (["en", "ru", "sr", "sr-Latn", "kk"].includes(language) ? language : "en") as "en",
            },
          },
        }),
      ),
    staleTime: 60_000,
  });

/** Step kinds the editor offers. */
export const STEP_TYPES = [
  "createTask",
  "updateFields",
  "assign",
  "addTag",
  "removeTag",
  "moveStage",
  "createRecord",
  "notify",
  "callWebhook",
  "sendEmail",
  "sendSms",
  "wait",
  "branch",
  "startRule",
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const TRIGGER_KINDS = [
  "recordCreated",
  "recordUpdated",
  "recordDeleted",
  "fieldChanged",
  "stageEntered",
  "stageLeft",
  "won",
  "lost",
  "taskOverdue",
  "messageReceived",
  "dateRelative",
  "anniversary",
  "schedule",
  "inboundWebhook",
] as const;

let counter = 0;
export const newStepId = (type: string) => `${type}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A new step of a type with its required fields filled. */
export function newStep(type: StepType): Step {
  const id = newStepId(type);
  switch (type) {
    case "createTask":
      return { id, type, title: "", assignee: { kind: "recordOwner" } } as Step;
    case "updateFields":
      return { id, type, values: {} } as Step;
    case "assign":
      return { id, type, assignee: { kind: "recordOwner" } } as Step;
    case "addTag":
    case "removeTag":
      return { id, type, tag: "" } as Step;
    case "moveStage":
      return { id, type, stageId: "" } as Step;
    case "createRecord":
      return { id, type, entity: "", values: {}, link: true } as unknown as Step;
    case "notify":
      return { id, type, recipients: [{ kind: "recordOwner" }], message: "" } as Step;
    case "callWebhook":
      return { id, type, url: "https://", method: "POST" } as Step;
    case "sendEmail":
      return { id, type, templateId: "", to: { kind: "recordEmail" } } as Step;
    case "sendSms":
      return { id, type, templateId: "", to: { kind: "recordPhone" } } as Step;
    case "wait":
      return { id, type, wait: { mode: "duration", duration: { amount: 1, unit: "days" } } } as Step;
    case "branch":
      return {
        id,
        type,
        if: { noActivitySinceRunStart: true },
        thenSteps: [],
        elseSteps: [],
      } as unknown as Step;
    case "startRule":
      return { id, type, ruleId: "" } as Step;
  }
}

import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type MessageTemplate = JsonBody<paths["/api/v1/templates"]["get"]["responses"][200]>["items"][number];
export type TemplateBody = NonNullable<
  paths["/api/v1/templates"]["post"]["requestBody"]
>["content"]["application/json"];
export type TemplateVariables = JsonBody<paths["/api/v1/templates/variables"]["get"]["responses"][200]>;
export type Rendered = JsonBody<paths["/api/v1/templates/{id}/preview"]["post"]["responses"][200]>;
export type TemplateLanguage = "en" | "ru" | "sr" | "kk";
export const TEMPLATE_LANGUAGES: readonly TemplateLanguage[] = ["en", "ru", "sr", "kk"];

export const templatesQuery = (kind?: "email" | "sms") =>
  queryOptions({
    queryKey: ["templates", kind ?? "all"],
    queryFn: () => unwrap(api.GET("/api/v1/templates", { params: { query: kind ? { kind } : {} } })),
  });

export const templateVariablesQuery = queryOptions({
  queryKey: ["templates", "variables"],
  queryFn: () => unwrap(api.GET("/api/v1/templates/variables")),
  staleTime: 60_000,
});

export function saveTemplate(id: string | null, body: TemplateBody) {
  if (!id) return unwrap(api.POST("/api/v1/templates", { body }));
  const { kind: _kind, ...patch } = body;
  return unwrap(api.PATCH("/api/v1/templates/{id}", { params: { path: { id } }, body: patch }));
}

export function deleteTemplate(id: string) {
  return unwrap(api.DELETE("/api/v1/templates/{id}", { params: { path: { id } } }));
}

export interface PreviewInput {
  recordType?: string;
  recordId?: string;
  language?: TemplateLanguage;
}

export function previewTemplate(id: string, body: PreviewInput) {
  return unwrap(api.POST("/api/v1/templates/{id}/preview", { params: { path: { id } }, body }));
}

export function testSendTemplate(id: string, body: PreviewInput) {
  return unwrap(api.POST("/api/v1/templates/{id}/test-send", { params: { path: { id } }, body }));
}

import { queryOptions } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type SmsProvider = JsonBody<paths["/api/v1/sms-providers"]["get"]["responses"][200]>["items"][number];
export type SmsProviderBody = NonNullable<
  paths["/api/v1/sms-providers"]["post"]["requestBody"]
>["content"]["application/json"];
export type SmsMessage = JsonBody<paths["/api/v1/sms"]["get"]["responses"][200]>["items"][number];
export type SendSmsBody = NonNullable<
  paths["/api/v1/sms"]["post"]["requestBody"]
>["content"]["application/json"];

export const smsProvidersQuery = queryOptions({
  queryKey: ["sms-providers"],
  queryFn: () => unwrap(api.GET("/api/v1/sms-providers")),
});

export const contactSmsQuery = (contactId: string) =>
  queryOptions({
    queryKey: ["sms", contactId],
    queryFn: () => unwrap(api.GET("/api/v1/sms", { params: { query: { contactId, limit: 20 } } })),
  });

export const sendSms = (body: SendSmsBody) => unwrap(api.POST("/api/v1/sms", { body }));

export function saveSmsProvider(id: string | null, body: SmsProviderBody) {
  if (!id) return unwrap(api.POST("/api/v1/sms-providers", { body }));
  const { kind: _kind, ...patch } = body;
  return unwrap(api.PATCH("/api/v1/sms-providers/{id}", { params: { path: { id } }, body: patch }));
}

export const deleteSmsProvider = (id: string) =>
  unwrap(api.DELETE("/api/v1/sms-providers/{id}", { params: { path: { id } } }));

export const testSmsProvider = (id: string, to: string) =>
  unwrap(
    api.POST("/api/v1/sms-providers/{id}/test", {
      params: { path: { id } },
      body: { to, text: "Tandem CRM test" },
    }),
  );

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { JsonBody } from "../../api/types";

export type ConversationSummary = JsonBody<
  paths["/api/v1/conversations"]["get"]["responses"][200]
>["items"][number];
export type Conversation = JsonBody<paths["/api/v1/conversations/{id}"]["get"]["responses"][200]>;
export type Message = Conversation["messages"][number];
export type ReplyBody = NonNullable<
  paths["/api/v1/conversations/{id}/messages"]["post"]["requestBody"]
>["content"]["application/json"];
export type NewLetterBody = NonNullable<
  paths["/api/v1/conversations"]["post"]["requestBody"]
>["content"]["application/json"];
export type ConversationFilters = NonNullable<paths["/api/v1/conversations"]["get"]["parameters"]["query"]>;

export const conversationsKey = ["conversations"] as const;

/** The inbox (or a record's threads with `record: "contacts:<id>"`), newest first, paged by cursor. */
export function useConversations(filters: Omit<ConversationFilters, "cursor" | "limit">) {
  return useInfiniteQuery({
    queryKey: [...conversationsKey, "list", filters],
    queryFn: async ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/conversations", {
          params: { query: { limit: 50, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** A thread; polls while one of its letters is queued or sending, so the status moves on by itself. */
export function useConversation(id: string) {
  return useQuery({
    queryKey: [...conversationsKey, "one", id],
    queryFn: async () => unwrap(api.GET("/api/v1/conversations/{id}", { params: { path: { id } } })),
    refetchInterval: (q) =>
      q.state.data?.messages.some((m) => m.sendStatus === "queued" || m.sendStatus === "sending")
        ? 2000
        : false,
  });
}

export function useConversationActions(id: string) {
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: conversationsKey });
    void client.invalidateQueries({ queryKey: ["timeline"] });
  };
  const patch = useMutation({
    mutationFn: (body: { read?: boolean; assignedTo?: string | null; private?: boolean }) =>
      unwrap(api.PATCH("/api/v1/conversations/{id}", { params: { path: { id } }, body })),
    onSuccess: refresh,
  });
  const retry = useMutation({
    mutationFn: (messageId: string) =>
      unwrap(
        api.POST("/api/v1/conversations/{id}/messages/{messageId}/retry", {
          params: { path: { id, messageId } },
        }),
      ),
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: (messageId: string) =>
      unwrap(
        api.DELETE("/api/v1/conversations/{id}/messages/{messageId}", {
          params: { path: { id, messageId } },
        }),
      ),
    onSuccess: refresh,
  });
  return { patch, retry, cancel };
}

export function useSendReply(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplyBody) =>
      unwrap(api.POST("/api/v1/conversations/{id}/messages", { params: { path: { id } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: conversationsKey });
      void client.invalidateQueries({ queryKey: ["timeline"] });
    },
  });
}

export function useSendNew() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewLetterBody) => unwrap(api.POST("/api/v1/conversations", { body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: conversationsKey });
      void client.invalidateQueries({ queryKey: ["timeline"] });
    },
  });
}

export function useSignatures() {
  return useQuery({
    queryKey: ["mail-signatures"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/mail-signatures"))).items,
    staleTime: 60_000,
  });
}

/** Formats `{name, address}` as the header would: "Name <address>" or the address alone. */
export const formatAddress = (a: { name: string | null; address: string }) =>
  a.name ? `${a.name} <${a.address}>` : a.address;

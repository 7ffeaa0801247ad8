import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

/** Mailboxes the user may read and send from (`GET /api/v1/mailboxes`, the mail module's). */
export function useMailboxes() {
  const query = useQuery({
    queryKey: ["mailboxes", "mine"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/mailboxes"))).items,
    staleTime: 60_000,
  });
  return query.data ?? [];
}

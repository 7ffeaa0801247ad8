import { useQuery } from "@tanstack/react-query";
import { meQueryOptions } from "../../api/me";

/** The signed-in user's profile time zone: dates and times are typed and shown there, not in the browser's. */
export function useProfileTimeZone(): string | undefined {
  return useQuery(meQueryOptions).data?.timeZone ?? undefined;
}

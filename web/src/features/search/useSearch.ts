import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { search } from "./searchApi";

export const MIN_QUERY_LENGTH = 2;

/** Debounced global search; an absent or failing endpoint surfaces as `isError`, never as a crash. */
export function useGlobalSearch(query: string) {
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const enabled = debounced.length >= MIN_QUERY_LENGTH;
  const result = useQuery({
    queryKey: ["search", debounced],
    queryFn: ({ signal }) => search(debounced, signal),
    enabled,
    retry: false,
    // Offline, TanStack pauses an "online" query without failing it, and the spotlight waited forever; trying
    // anyway fails at once with the network error, which the spotlight shows.
    networkMode: "always",
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
  return { ...result, enabled, debounced };
}

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { fieldMetaQuery } from "../records/useFields";

/** What the user's role allows on a field: absent from the metadata = hidden. */
export type FieldAccess = "write" | "readonly" | "hidden";

/** Field rules of deals as the server publishes them (`GET /custom-fields/meta/deals`); null while loading. */
export function useDealFieldAccess(): ((key: string) => FieldAccess) | null {
  const meta = useQuery(fieldMetaQuery("deals"));
  return useMemo(() => {
    if (!meta.data) return null;
    const byKey = new Map(meta.data.map((f) => [f.key, f.access]));
    return (key: string) => byKey.get(key) ?? "hidden";
  }, [meta.data]);
}

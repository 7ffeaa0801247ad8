import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { AnyRecord } from "../records";
import { fieldMetaQuery } from "../records";

/** What the user's role allows on a field: absent from the metadata = hidden. */
export type FieldAccess = "write" | "readonly" | "hidden";

/**
 * Field access on one deal: the role's field rules as the server publishes them (`GET /custom-fields/meta/deals`),
 * and "write" only when the server says the caller may update this deal (`permissions.update`, its scopes applied
 * to the deal's owner). Null while loading.
 */
export function useDealFieldAccess(deal: AnyRecord): ((key: string) => FieldAccess) | null {
  const meta = useQuery(fieldMetaQuery("deals"));
  const canUpdate = (deal.permissions as { update?: boolean } | undefined)?.update === true;
  return useMemo(() => {
    if (!meta.data) return null;
    const byKey = new Map(meta.data.map((f) => [f.key, f.access]));
    return (key: string) => {
      const access = byKey.get(key);
      if (!access) return "hidden";
      return access === "write" && canUpdate ? "write" : "readonly";
    };
  }, [meta.data, canUpdate]);
}

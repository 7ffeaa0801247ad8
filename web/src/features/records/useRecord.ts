import { useQuery } from "@tanstack/react-query";
import { isApiError } from "../../api/problem";
import { type EntityName, fetchRecord } from "./api";

export const recordKey = (entity: EntityName, id: string) => ["records", entity, "one", id] as const;

export function useRecord(entity: EntityName, id: string) {
  const query = useQuery({
    queryKey: recordKey(entity, id),
    queryFn: () => fetchRecord(entity, id),
    retry: (count, error) =>
      !(isApiError(error) && (error.status === 404 || error.status === 403)) && count < 2,
  });
  const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 403);
  return { ...query, notFound };
}

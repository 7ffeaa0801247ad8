import { useTranslation } from "react-i18next";
import type { AnyRecord } from "./api";

/** What the server says the caller may do with one record (`permissions` in every record response). */
export type RecordAction = "update" | "delete" | "assign";

/**
 * The server's answer for this record, never re-derived from scopes in the browser: true when the record carries
 * no `permissions` (older answers, records the server presents without them — the server still checks).
 */
export function mayOnRecord(record: AnyRecord | undefined, action: RecordAction): boolean {
  const permissions = record?.permissions as Partial<Record<RecordAction, boolean>> | undefined;
  return permissions?.[action] !== false;
}

/** Why an action is not offered on a record (null when it is allowed), in the interface language. */
export function useDeniedReason() {
  const { t } = useTranslation();
  return (record: AnyRecord | undefined, action: RecordAction): string | null =>
    mayOnRecord(record, action) ? null : t(`records.recordDenied.${action}`);
}

/** Why a bulk action cannot run on the selection: some selected records do not allow it. */
export function useBulkDeniedReason() {
  const { t } = useTranslation();
  return (selected: readonly AnyRecord[], action: RecordAction): string | null => {
    const denied = selected.filter((r) => !mayOnRecord(r, action)).length;
    return denied === 0 ? null : t(`records.recordDenied.bulk.${action}`, { count: denied });
  };
}

/** An audit-log entry, shown in a record's history too (an entry of its own). */
export { AuditEntryRow } from "./audit/AuditEntryRow";

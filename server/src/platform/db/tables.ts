import type { DB } from "./schema.js";

export type { FieldRuleMap, PermissionMap, Scope } from "./column-types.js";

export type AuditLogTable = DB["audit_log"];
export type RolesTable = DB["roles"];
export type TeamsTable = DB["teams"];
/** `avatar_file_id` is the photo in file storage (`platform/files`); `avatar_url` its versioned download URL. */
export type UsersTable = DB["users"];
/** `ip` and `user_agent`: client of the request that made the change (audit). */
export type ChangeEventsTable = DB["change_events"];
export type IdempotencyKeysTable = DB["idempotency_keys"];
export type AppSettingsTable = DB["app_settings"];
export type MaintenanceRunsTable = DB["maintenance_runs"];

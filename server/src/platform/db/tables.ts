import type { ColumnType, Generated } from "kysely";

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, never, never>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export type Scope = "none" | "own" | "team" | "all";
export type PermissionMap = Record<string, Partial<Record<string, Scope>>>;
export type FieldRuleMap = Record<string, Record<string, "hidden" | "readonly">>;

export interface RolesTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: Generated<string>;
  is_system: Generated<boolean>;
  permissions: Json<PermissionMap>;
  field_rules: Json<FieldRuleMap>;
  admin_permissions: ColumnType<string[], string[] | undefined, string[]>;
  require_two_factor: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  head_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  phone: string | null;
  language: Generated<string>;
  time_zone: Generated<string>;
  avatar_url: string | null;
  /** The photo in file storage (`platform/files`); `avatar_url` is its versioned download URL. */
  avatar_file_id: Generated<string | null>;
  position: string | null;
  manager_id: string | null;
  team_id: string | null;
  role_id: string;
  is_active: Generated<boolean>;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  totp_secret: string | null;
  two_factor_enabled: Generated<boolean>;
  notify_by_email: Generated<boolean>;
  deactivated_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChangeEventsTable {
  id: Generated<string>;
  entity: string;
  entity_id: string;
  action: string;
  changes: Json<Record<string, unknown>>;
  actor_id: string | null;
  request_id: string | null;
  /** Client IP and user agent of the request that made the change (audit). */
  ip: string | null;
  user_agent: string | null;
  occurred_at: Generated<Date>;
  dispatched_at: Date | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: Json | null;
  response_headers: Json<Record<string, string>> | null;
  created_at: Generated<Date>;
}

export interface AppSettingsTable {
  key: string;
  value: Json;
  updated_at: Generated<Date>;
}

export interface MaintenanceRunsTable {
  id: Generated<string>;
  job: string;
  started_at: Generated<Date>;
  details: Json<Record<string, unknown>>;
}

export interface AuditLogTable {
  id: Generated<string>;
  occurred_at: Generated<Date>;
  actor_id: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  changes: Json<Record<string, unknown>> | null;
  details: Json<Record<string, unknown>>;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  change_event_id: string | null;
}

export interface PlatformTables {
  audit_log: AuditLogTable;
  roles: RolesTable;
  teams: TeamsTable;
  users: UsersTable;
  change_events: ChangeEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  app_settings: AppSettingsTable;
  maintenance_runs: MaintenanceRunsTable;
}

import type { Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title_key: string;
  params: Json<Record<string, string | number>>;
  entity: string | null;
  entity_id: string | null;
  dedupe_key: string | null;
  read_at: Date | null;
  emailed_at: Date | null;
  created_at: Generated<Date>;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
}

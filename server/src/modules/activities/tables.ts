import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../platform/db/tables.js";

export type ActivityKind = "call" | "meeting" | "note" | "email" | "sms" | "status_change" | "system";

export interface ActivityParticipants {
  users: string[];
  contacts: string[];
}

export interface ActivitiesTable {
  id: Generated<string>;
  kind: ActivityKind;
  occurred_at: Generated<Date>;
  subject: string | null;
  body: string | null;
  direction: "in" | "out" | null;
  /** E.164 (calls); `phone_raw` is the number as typed. */
  phone: string | null;
  phone_raw: ColumnType<string | null, string | null | undefined, string | null>;
  duration_seconds: number | null;
  outcome: string | null;
  recording_url: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  place: string | null;
  participants: ColumnType<ActivityParticipants, string | undefined, string>;
  from_address: string | null;
  /** E.164 for SMS (`to_raw` as typed); addresses for e-mails. */
  to_address: string | null;
  to_raw: ColumnType<string | null, string | null | undefined, string | null>;
  event: Json<Record<string, unknown> | null>;
  task_id: string | null;
  source_event_id: string | null;
  owner_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
}

export interface ActivityLinksTable {
  activity_id: string;
  entity: string;
  record_id: string;
  occurred_at: Date;
}

export interface ActivitiesTables {
  activities: ActivitiesTable;
  activity_links: ActivityLinksTable;
}

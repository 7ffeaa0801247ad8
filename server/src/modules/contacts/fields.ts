import { registerEntity } from "../../platform/access/entities.js";
import type { FieldMeta } from "../../platform/access/fields.js";
import { CHANNELS } from "./schemas.js";

const f = (
  key: string,
  column: string,
  type: FieldMeta["type"],
  extra: Partial<FieldMeta> = {},
): FieldMeta => ({
  key,
  column,
  type,
  filterable: true,
  sortable: !["tags", "multiSelect", "user", "link", "uuid", "longText"].includes(type),
  ...extra,
});

export const CONTACT_FIELDS: FieldMeta[] = [
  f("id", "id", "uuid", { nullable: false }),
  f("name", "name", "text", { nullable: false }),
  f("firstName", "first_name", "text"),
  f("lastName", "last_name", "text"),
  f("middleName", "middle_name", "text"),
  f("position", "position", "text"),
  f("phone", "phone_digits", "phone", { sortable: false, label: "Phone digits" }),
  f("birthday", "birthday", "date"),
  f("preferredChannel", "preferred_channel", "select", { options: CHANNELS }),
  f("language", "language", "text"),
  f("city", "city", "text"),
  f("source", "source", "text"),
  f("tags", "tags", "tags"),
  f("ownerId", "owner_id", "user", { nullable: false }),
  f("createdBy", "created_by", "user"),
  f("createdAt", "created_at", "dateTime", { nullable: false }),
  f("updatedAt", "updated_at", "dateTime", { nullable: false }),
];

registerEntity("contacts", { table: "contacts", ownerColumn: "owner_id", fields: CONTACT_FIELDS });

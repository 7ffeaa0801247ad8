import type { DB } from "../../platform/db/schema.js";

/** Message templates: kind, name, personal/shared, owner, per-language variants (jsonb). */
export type MessageTemplatesTable = DB["message_templates"];

import type { DB } from "../../platform/db/schema.js";

export type NotificationsTable = DB["notifications"];

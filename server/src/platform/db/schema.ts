import type { ActivitiesTables } from "../../modules/activities/tables.js";
import type { AuthTables } from "../../modules/auth/tables.js";
import type { CompanyTables } from "../../modules/companies/tables.js";
import type { ContactTables } from "../../modules/contacts/tables.js";
import type { CustomFieldTables } from "../../modules/custom-fields/tables.js";
import type { DealTables } from "../../modules/deals/tables.js";
import type { ExportTables } from "../../modules/exports/tables.js";
import type { ImportTables } from "../../modules/imports/tables.js";
import type { MergeTables } from "../../modules/merge/tables.js";
import type { NotificationsTables } from "../../modules/notifications/tables.js";
import type { PipelineTables } from "../../modules/pipelines/tables.js";
import type { TagTables } from "../../modules/tags/tables.js";
import type { TasksTables } from "../../modules/tasks/tables.js";
import type { ViewTables } from "../../modules/views/tables.js";
import type { FileTables } from "../files/tables.js";
import type { PlatformTables } from "./tables.js";

/**
 * The whole database as the compiler sees it. Each domain declares its tables in its own `tables.ts` and
 * adds its interface here.
 */
export interface DB
  extends PlatformTables,
    AuthTables,
    TasksTables,
    ActivitiesTables,
    NotificationsTables,
    FileTables,
    ImportTables,
    ExportTables,
    MergeTables,
    CompanyTables,
    ContactTables,
    CustomFieldTables,
    DealTables,
    PipelineTables,
    TagTables,
    ViewTables {}

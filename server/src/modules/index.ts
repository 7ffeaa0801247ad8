import type { AppModule } from "../platform/http/types.js";
import { mailModule } from "../platform/mail/module.js";
import { activitiesModule } from "./activities/module.js";
import { createAnalyticsModule } from "./analytics/module.js";
import { auditModule } from "./audit/module.js";
import { authModule } from "./auth/module.js";
import { automationsModule } from "./automations/module.js";
import { businessCalendarModule } from "./business-calendar/module.js";
import { companiesModule } from "./companies/module.js";
import { contactsModule } from "./contacts/module.js";
import { conversationsModule } from "./conversations/module.js";
import { currenciesModule } from "./currencies/module.js";
import { customFieldsModule } from "./custom-fields/module.js";
import { dealsModule } from "./deals/module.js";
import { exportsModule } from "./exports/module.js";
import { filesModule } from "./files/module.js";
import { handoverModule } from "./handover/module.js";
import { healthModule } from "./health/module.js";
import { identityModule } from "./identity/module.js";
import { importsModule } from "./imports/module.js";
import { mailboxesModule } from "./mail/module.js";
import { mergeModule } from "./merge/module.js";
import { metaModule } from "./meta/module.js";
import { myDayModule } from "./my-day/module.js";
import { notificationsModule } from "./notifications/module.js";
import { pipelinesModule } from "./pipelines/module.js";
import { productsModule } from "./products/module.js";
import { reportsModule } from "./reports/module.js";
import { searchModule } from "./search/module.js";
import { smsModule } from "./sms/module.js";
import { tagsModule } from "./tags/module.js";
import { tasksModule } from "./tasks/module.js";
import { templatesModule } from "./templates/module.js";
import { viewsModule } from "./views/module.js";
import { webhooksModule } from "./webhooks/module.js";

/** Every domain module of the server, in registration order. */
export const modules: AppModule[] = [
  healthModule,
  authModule,
  mailModule,
  identityModule,
  auditModule,
  handoverModule,
  tasksModule,
  activitiesModule,
  mailboxesModule,
  notificationsModule,
  searchModule,
  myDayModule,
  companiesModule,
  contactsModule,
  pipelinesModule,
  currenciesModule,
  dealsModule,
  productsModule,
  importsModule,
  exportsModule,
  mergeModule,
  customFieldsModule,
  viewsModule,
  reportsModule,
  filesModule,
  tagsModule,
  templatesModule,
  smsModule,
  conversationsModule,
  metaModule,
  createAnalyticsModule(() => modules),
  webhooksModule,
  automationsModule,
  businessCalendarModule,
];

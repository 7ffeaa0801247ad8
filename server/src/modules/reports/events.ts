import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

const shareChanges = {
  name: z.string(),
  visibility: z.string(),
  teamId: z.string().nullable(),
  roleId: z.string().nullable(),
};

export const reportChanges = fieldChanges({
  ...shareChanges,
  description: z.string(),
  definition: z.unknown(),
});
export const dashboardChanges = fieldChanges({ ...shareChanges, widgets: z.unknown() });
export const scheduleChanges = fieldChanges({
  frequency: z.string(),
  format: z.string(),
  recipients: z.unknown(),
  active: z.boolean(),
  hour: z.number(),
  timeZone: z.string(),
  dayOfWeek: z.number().nullable(),
  dayOfMonth: z.number().nullable(),
});

export const reportEvents = defineChangeEvents("reports", {
  create: [reportChanges, "A report was saved."],
  update: [reportChanges, "A saved report changed."],
  delete: [z.strictObject({ name: z.string() }), "A saved report was deleted."],
});
export const dashboardEvents = defineChangeEvents("dashboards", {
  create: [dashboardChanges, "A dashboard was created."],
  update: [dashboardChanges, "A dashboard changed."],
  delete: [z.strictObject({ name: z.string() }), "A dashboard was deleted."],
});
export const scheduleEvents = defineChangeEvents("report_schedules", {
  create: [scheduleChanges, "A report was scheduled."],
  update: [scheduleChanges, "A report schedule changed (or was paused)."],
  delete: [z.strictObject({ frequency: z.string() }), "A report schedule was deleted."],
});

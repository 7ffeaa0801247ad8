import { z } from "zod";
import { defineChangeEvents, fieldChanges } from "../../platform/events/catalogue.js";

/** A user's fields their own edits (profile, photo) and an accepted invitation change. */
export const userChanges = fieldChanges({
  email: z.string(),
  name: z.string(),
  roleId: z.uuid(),
  teamId: z.uuid(),
  language: z.string(),
  timeZone: z.string(),
  phone: z.string(),
  position: z.string(),
  notifyByEmail: z.boolean(),
  avatarUrl: z.string(),
});

export const userEvents = defineChangeEvents("users", {
  create: [userChanges, "A user joined by accepting an invitation."],
  update: [userChanges, "A user changed their profile or photo."],
});

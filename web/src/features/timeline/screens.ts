import { IconActivity } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

/**
 * Activities (calls, meetings, e-mails, notes) on the generic list screen — where analytics drill-downs into
 * communications land: newest first, subject with kind, direction and owner.
 */
export const screens: EntityScreens = {
  name: "activities",
  icon: IconActivity,
  list: {
    primary: "subject",
    defaultColumns: ["subject", "kind", "direction", "occurredAt", "ownerId"],
    defaultSort: "-occurredAt",
  },
};

import { IconChecklist } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

export const screens: EntityScreens = {
  name: "tasks",
  icon: IconChecklist,
  loadCreate: () => import("./QuickCreateTask").then((m) => m.QuickCreateTask),
  loadCreateDialog: () => import("./CreateTaskDialog").then((m) => m.CreateTaskDialog),
};

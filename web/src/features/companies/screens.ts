import { IconBuilding } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

export const screens: EntityScreens = {
  name: "companies",
  icon: IconBuilding,
  loadCreate: () => import("./CreateCompanyDialog").then((m) => m.CreateCompanyDialog),
};

import { IconCoin } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

export const screens: EntityScreens = {
  name: "deals",
  icon: IconCoin,
  loadCreate: () => import("./CreateDealDialog").then((m) => m.CreateDealDialog),
};

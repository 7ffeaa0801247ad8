import { IconAddressBook } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

export const screens: EntityScreens = {
  name: "contacts",
  icon: IconAddressBook,
  loadCreate: () => import("./CreateContactDialog").then((m) => m.CreateContactDialog),
};

import { type Icon, IconDatabase } from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { EntityConfig } from "./entityConfig";
import type { RecordFormSpec } from "./form/spec";

/** What the web adds to a server-declared entity: its icon and its create dialog (loaded when first used). */
export interface EntityScreens {
  name: string;
  icon: Icon;
  loadCreate?: () => Promise<ComponentType<{ onClose: () => void }>>;
  /**
   * The create dialog "New …" buttons open with the context of where they are (a company's id on its page, a
   * task's link), when it is not `loadCreate`'s (the "+" menu's) dialog.
   */
  loadCreateDialog?: () => Promise<ComponentType<{ onClose: () => void }>>;
  /** The entity's form spec, for editing a record from the generic record page. */
  loadForm?: () => Promise<RecordFormSpec>;
  /** List settings where the defaults (title `name`, every field) do not fit. */
  list?: Partial<Pick<EntityConfig, "primary" | "defaultColumns" | "defaultSort" | "readOnly">>;
}

// Each feature folder that shows an entity declares it in its `screens.ts`; nothing lists them by hand.
const declared = import.meta.glob<{ screens: EntityScreens }>("../*/screens.ts", { eager: true });
const SCREENS = new Map(Object.values(declared).map((m) => [m.screens.name, m.screens]));

export const screensOf = (entity: string): EntityScreens =>
  SCREENS.get(entity) ?? { name: entity, icon: IconDatabase };

import type { EntityMerge } from "../../platform/records/definition.js";
import { contactColumns } from "./columns.js";

const PARTS = ["first_name", "middle_name", "last_name"] as const;

/** Merging contacts: the address keeps its city; the display name follows the chosen name parts. */
export const contactMerge: EntityMerge = {
  columnGroups: { address: ["address", "city"], companies: [] },
  derive(survivor, set) {
    if (!PARTS.some((c) => c in set)) return {};
    const part = (c: (typeof PARTS)[number]) => (c in set ? set[c] : survivor[c]) as string | null;
    const columns = contactColumns(
      { firstName: part("first_name"), middleName: part("middle_name"), lastName: part("last_name") },
      { consentOrigin: "merge" },
      [],
    );
    return { name: columns.name };
  },
};

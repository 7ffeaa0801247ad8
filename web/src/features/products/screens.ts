import { IconPackage } from "@tabler/icons-react";
import type { EntityScreens } from "../records";

export const screens: EntityScreens = {
  name: "products",
  icon: IconPackage,
  loadCreate: () => import("./CreateProductDialog").then((m) => m.CreateProductDialog),
  loadForm: () => import("./productForm").then((m) => m.productForm),
  list: {
    defaultColumns: ["sku", "name", "unit", "price", "vatRate", "active", "ownerId"],
    defaultSort: "name",
    readOnly: ["price", "priceCurrency", "vatRate"],
  },
};

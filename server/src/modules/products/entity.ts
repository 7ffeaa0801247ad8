import type { EntityDefinition } from "../../platform/records/definition.js";
import { PRODUCT_FIELDS } from "./fields.js";
import { PRODUCT_ROLE_GRANTS } from "./grants.js";
import { productImport } from "./import.js";
import { productsProvider } from "./search.js";

export const productsEntity: EntityDefinition = {
  name: "products",
  labels: {
    en: { singular: "Product", plural: "Products" },
    ru: { singular: "Товар", plural: "Товары" },
    sr: { singular: "Производ", plural: "Производи" },
    kk: { singular: "Тауар", plural: "Тауарлар" },
  },
  table: "products",
  ownerColumn: "owner_id",
  title: "name",
  softDeleteColumn: "deleted_at",
  fields: PRODUCT_FIELDS,
  defaultGrants: PRODUCT_ROLE_GRANTS,
  navigation: { group: "catalog", order: 60 },
  capabilities: {
    files: true,
    search: productsProvider,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: productImport,
    export: { formats: ["csv", "xlsx"] },
  },
};

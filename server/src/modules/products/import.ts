import type { EntityImport, ImportBuild } from "../../platform/records/import-spec.js";
import { productColumns } from "./columns.js";

const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** Products from a file: a new product needs its SKU, name, price and currency; a SKU another product holds is refused. */
export const productImport: EntityImport = {
  targets: [
    { key: "sku", label: "SKU", kind: "text", max: 64 },
    { key: "name", label: "Name", kind: "text", max: 300 },
    { key: "unit", label: "Unit (pcs, kg, h…)", kind: "text", max: 20 },
    { key: "price", label: "Price", kind: "decimal" },
    { key: "currency", label: "Currency", kind: "currency", ruleKey: "price" },
    { key: "vatRate", label: "VAT rate, %", kind: "decimal" },
    { key: "active", label: "Active (yes/no)", kind: "boolean" },
    { key: "tags", label: "Tags", kind: "tags" },
    { key: "owner", label: "Owner (email)", kind: "owner", ruleKey: "ownerId" },
  ],
  required: ["sku", "name", "price", "currency"],
  nameColumn: "name",
  matchKeys: ["name"],
  build(values): ImportBuild {
    const sku = text(values.sku);
    const name = text(values.name);
    const amount = text(values.price);
    const currency = text(values.currency);
    const vatRate = text(values.vatRate);
    if (!sku) return { field: "sku", error: "Required." };
    if (!name) return { field: "name", error: "Required." };
    if (!amount) return { field: "price", error: "Required." };
    if (!currency) return { field: "currency", error: "A currency is required with a price." };
    if (vatRate !== undefined && Number(vatRate) > 100)
      return { field: "vatRate", error: "A VAT rate is at most 100 %." };
    const set = productColumns({
      sku,
      name,
      unit: text(values.unit),
      price: { amount, currency },
      vatRate,
      active: typeof values.active === "boolean" ? values.active : undefined,
    });
    return { set };
  },
  // A batch insert names every column some row fills, so the table's defaults must be given here.
  createDefaults: { unit: "pcs", vat_rate: "0", active: true, tags: [] },
  writable: [
    "sku",
    "name",
    "unit",
    "price_amount",
    "price_currency",
    "vat_rate",
    "active",
    "tags",
    "owner_id",
    "custom",
  ],
  unique: [{ key: "sku", column: "sku" }],
};

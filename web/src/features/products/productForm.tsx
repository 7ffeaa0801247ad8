import { TextInput } from "@mantine/core";
import type { FormBlock, RecordFormSpec } from "../records";
import { PriceInput } from "./PriceInput";

type Price = { amount?: string; currency?: string } | undefined;
const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

// Price and VAT rate are decimal strings in the API (money and number inputs would send numbers).
const priceBlock: FormBlock = {
  key: "priceAmount",
  initial: () => "",
  fromRecord: (record) => (record.price as Price)?.amount ?? "",
  toBody: () => ({}),
  render: (form, t) => <PriceInput form={form} label={t("fields.products.price")} />,
};
const currencyBlock: FormBlock = {
  key: "priceCurrency",
  initial: () => "",
  fromRecord: (record) => (record.price as Price)?.currency ?? "",
  toBody: () => ({}),
  render: () => null,
};
const vatBlock: FormBlock = {
  key: "vatRate",
  initial: () => "",
  fromRecord: (record) => (typeof record.vatRate === "string" ? record.vatRate : ""),
  toBody: (value) => (text(value) ? { vatRate: text(value).replace(",", ".") } : {}),
  render: (form, t) => (
    <TextInput label={t("fields.products.vatRate")} inputMode="decimal" {...form.getInputProps("vatRate")} />
  ),
};

/** The product form (create and edit): SKU, name, unit, price, VAT rate, active, tags, owner, custom fields. */
export const productForm: RecordFormSpec = {
  entity: "products",
  createTitle: "products.create",
  required: ["sku", "name"],
  defaults: { active: true, unit: "pcs" },
  parts: [
    { fields: ["sku", "name", "unit"], cols: 3 },
    { block: priceBlock },
    { block: currencyBlock },
    { block: vatBlock },
    { fields: ["active", "ownerId"] },
    { fields: ["tags"], cols: 1 },
    { custom: true },
  ],
  // The amount and currency travel together as `price`.
  finish: (body, values) => {
    const amount = text(values.priceAmount).replace(",", ".");
    const currency = text(values.priceCurrency).toUpperCase();
    return amount || currency ? { ...body, price: { amount, currency } } : body;
  },
};

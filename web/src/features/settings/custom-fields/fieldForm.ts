import type {
  CustomField,
  CustomFieldBody,
  CustomFieldEntity,
  CustomFieldPatch,
  CustomFieldType,
} from "../api";

export const FIELD_TYPES: readonly CustomFieldType[] = [
  "text",
  "longText",
  "number",
  "money",
  "date",
  "dateTime",
  "boolean",
  "select",
  "multiSelect",
  "email",
  "phone",
  "url",
  "user",
  "link",
];

export interface OptionRow {
  label: string;
  value: string;
}

export interface FieldValues {
  key: string;
  label: string;
  type: CustomFieldType;
  linkEntity: string | null;
  options: OptionRow[];
  required: boolean;
  unique: boolean;
  filterable: boolean;
  defaultValue: string;
  helpText: string;
  group: string;
}

export const hasOptions = (type: string) => type === "select" || type === "multiSelect";
/** Types whose default value can be typed as text in the dialog. */
export const hasSimpleDefault = (type: string) =>
  ["text", "longText", "number", "email", "phone", "url", "select", "boolean"].includes(type);

/** `Deal size` → `dealSize` (the key rules of the server: lowercase start, letters, digits, _). */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9 ]/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
  return /^[a-z]/.test(key) ? key.slice(0, 63) : `field${key}`.slice(0, 63);
}

export function valuesFromField(field: CustomField | null): FieldValues {
  const def = field?.defaultValue;
  return {
    key: field?.key ?? "",
    label: field?.label ?? "",
    type: (field?.type as CustomFieldType | undefined) ?? "text",
    linkEntity: field?.linkEntity ?? null,
    options: field?.options ?? [],
    required: field?.required ?? false,
    unique: field?.unique ?? false,
    filterable: field?.filterable ?? false,
    defaultValue: def === undefined || def === null ? "" : String(def),
    helpText: field?.helpText ?? "",
    group: field?.group ?? "",
  };
}

function parseDefault(type: string, raw: string): unknown {
  const text = raw.trim();
  if (!text || !hasSimpleDefault(type)) return undefined;
  if (type === "number") return Number(text);
  if (type === "boolean") return text === "true";
  return text;
}

const cleanOptions = (rows: OptionRow[]) =>
  rows
    .map((row) => ({ label: row.label.trim(), value: row.value.trim() || keyFromLabel(row.label) }))
    .filter((row) => row.label);

function shared(values: FieldValues) {
  const defaultValue = parseDefault(values.type, values.defaultValue);
  return {
    label: values.label.trim(),
    required: values.required,
    unique: values.unique,
    filterable: values.filterable,
    helpText: values.helpText.trim(),
    group: values.group.trim(),
    ...(hasOptions(values.type) ? { options: cleanOptions(values.options) } : {}),
    ...(defaultValue !== undefined ? { defaultValue: defaultValue as Record<string, never> } : {}),
  };
}

export function createBody(
  entity: CustomFieldEntity,
  values: FieldValues,
  position: number,
): CustomFieldBody {
  return {
    entity,
    key: values.key.trim(),
    type: values.type,
    position,
    ...(values.type === "link" && values.linkEntity
      ? { linkEntity: values.linkEntity as NonNullable<CustomFieldBody["linkEntity"]> }
      : {}),
    ...shared(values),
  };
}

export const patchBody = (values: FieldValues): CustomFieldPatch => shared(values);

import { keyFromLabel, uniqueKey } from "../../../ui/text/slug";
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
    filterable: field?.filterable ?? true,
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

/**
 * Choices with a label; an empty value is derived from the label (any script) and made unique among the
 * field's values, so "Высокий / Средний / Низкий" become `vysokiy / sredniy / nizkiy`, never three `field`s.
 */
export function cleanOptions(rows: OptionRow[]): OptionRow[] {
  const filled = rows
    .map((row) => ({ label: row.label.trim(), value: row.value.trim() }))
    .filter((r) => r.label);
  const taken = new Set(filled.map((row) => row.value).filter(Boolean));
  return filled.map((row) => {
    if (row.value) return row;
    const value = uniqueKey(keyFromLabel(row.label, "option"), taken);
    taken.add(value);
    return { ...row, value };
  });
}

/** The key for a new field: from its label, numbered when another (possibly deleted) field has it. */
export const keyForLabel = (label: string, takenKeys: readonly string[]) =>
  uniqueKey(keyFromLabel(label), takenKeys);

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

import type { UseFormReturnType } from "@mantine/form";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import type { FieldType } from "../../../ui/table/types";
import type { AnyRecord } from "../api";

/** The values of a record form: field keys → values, plus custom-field values under `custom`. */
export type FormValues = Record<string, unknown> & { custom: Record<string, unknown> };
export type RecordForm = UseFormReturnType<FormValues>;

/**
 * A structured input the field metadata cannot describe (phones with kinds, addresses, memberships, consent…):
 * its own value under `key`, its own part of the request body.
 */
export interface FormBlock {
  key: string;
  initial: () => unknown;
  /** The stored value in the block's shape (edit forms). */
  fromRecord?: (record: AnyRecord) => unknown;
  toBody: (value: unknown) => Record<string, unknown>;
  render: (form: RecordForm, t: TFunction) => ReactNode;
}

export type FormPart =
  /** Standard fields, each input chosen by the field's metadata (type, label, options, access). */
  | { fields: readonly string[]; cols?: number }
  | { block: FormBlock }
  /** The entity's custom fields. */
  | { custom: true };

/** One entity's form, shared by create and edit (like atomic-crm's `DealInputs`). */
export interface RecordFormSpec {
  entity: string;
  /** i18n key of the create dialog's title. */
  createTitle: string;
  parts: readonly FormPart[];
  /** Fields that must not be empty (checked before sending; the server checks again). */
  required?: readonly string[];
  /** Further checks over the whole form: field key → i18n key of the message. */
  validate?: (values: FormValues) => Record<string, string>;
  /** Initial values of a new record where the empty value is not what the server would default to. */
  defaults?: Readonly<Record<string, unknown>>;
  /** Last touch on the request body (e.g. fields that travel together: amount + currency → `price`). */
  finish?: (body: Record<string, unknown>, values: FormValues) => Record<string, unknown>;
  /** The record page to open after a create (default: the entity's record route). */
  pageOf?: (id: string) => string;
}

export const fieldsOf = (spec: RecordFormSpec): string[] =>
  spec.parts.flatMap((part) => ("fields" in part ? [...part.fields] : []));
export const blocksOf = (spec: RecordFormSpec): FormBlock[] =>
  spec.parts.flatMap((part) => ("block" in part ? [part.block] : []));

const TEXT_TYPES = new Set<FieldType>(["text", "longText", "email", "phone", "url"]);
const LIST_TYPES = new Set<FieldType>(["multiSelect", "tags"]);

/** The empty value an input of this type edits. */
export const emptyValue = (type: FieldType): unknown =>
  TEXT_TYPES.has(type) ? "" : LIST_TYPES.has(type) ? [] : type === "boolean" ? false : null;

/** A form value as the API expects it: trimmed text, empty text as null. */
export function bodyValue(type: FieldType, value: unknown, required: boolean): unknown {
  if (TEXT_TYPES.has(type)) {
    const text = typeof value === "string" ? value.trim() : "";
    return text || required ? text : null;
  }
  if (LIST_TYPES.has(type)) return Array.isArray(value) ? value : [];
  if (value === "" || value === undefined) return null;
  return value;
}

import type { FieldError } from "../../platform/errors.js";
import { ValidationError } from "../../platform/errors.js";
import { checkCustomValue } from "./values.js";

interface Option {
  value: string;
  label: string;
}

/**
 * Checks a field definition as a whole, so no stored definition can break a form: select choices exist and
 * their values are unique (a select with two equal values cannot be rendered or answered), labels are unique
 * (two choices that read the same cannot be told apart), a link names its target, the default is a valid value.
 */
export function checkDefinition(
  type: string,
  options: Option[] | undefined,
  linkEntity: string | undefined | null,
  def: unknown,
) {
  const errors: FieldError[] = [];
  if ((type === "select" || type === "multiSelect") && (!options || options.length === 0)) {
    errors.push({ field: "options", message: "Give the choices of a select field.", code: "required" });
  }
  const values = new Set<string>();
  const labels = new Set<string>();
  for (const [index, option] of (options ?? []).entries()) {
    if (values.has(option.value)) {
      errors.push({
        field: `options.${index}.value`,
        message: `The value "${option.value}" is used by another choice.`,
        code: "duplicate_option",
      });
    }
    const label = option.label.toLocaleLowerCase();
    if (labels.has(label)) {
      errors.push({
        field: `options.${index}.label`,
        message: `The label "${option.label}" is used by another choice.`,
        code: "duplicate_option",
      });
    }
    values.add(option.value);
    labels.add(label);
  }
  if (type === "link" && !linkEntity) {
    errors.push({
      field: "linkEntity",
      message: "Say which entity a link field points to.",
      code: "required",
    });
  }
  if (def !== undefined && def !== null && errors.length === 0) {
    const r = checkCustomValue({ type, options: options ?? [] }, def);
    if (typeof r === "string") errors.push({ field: "defaultValue", message: r, code: "invalid_value" });
  }
  if (errors.length > 0) throw new ValidationError(errors);
}

/** A key taken by another (possibly deleted) field of the entity is a field error, not a conflict of state. */
export const keyTaken = () =>
  ValidationError.field(
    "key",
    "This key is used by another (possibly deleted) field of the entity.",
    "key_taken",
  );

import { useForm } from "@mantine/form";
import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/problem";
import { applyProblemToForm } from "../../../ui/formErrors";
import type { ColumnSpec } from "../../../ui/table/types";
import { type AnyRecord, createRecord, type EntityName, fetchRecord, patchRecord } from "../api";
import { compactCustom } from "../CustomFieldInputs";
import type { DuplicateMatch } from "../DuplicateWarning";
import { fieldMetaQuery } from "../listQueries";
import { useFields } from "../useFields";
import { listKey } from "../useRecordList";
import { blocksOf, bodyValue, emptyValue, type FormValues, fieldsOf, type RecordFormSpec } from "./spec";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The spec's standard fields the user may write, as the field metadata describes them: a field the role hides
 * or makes read-only is neither shown nor sent.
 */
export function useWritableFields(spec: RecordFormSpec): ReadonlyMap<string, ColumnSpec> {
  // Suspends like the form's code does: the dialog opens with its fields (the list has usually loaded them).
  const meta = useSuspenseQuery(fieldMetaQuery(spec.entity as EntityName));
  const { columns } = useFields(spec.entity as EntityName);
  return useMemo(() => {
    const access = new Map(meta.data.map((f) => [f.key, f.access]));
    const byKey = new Map(columns.map((c) => [c.key, c]));
    const out = new Map<string, ColumnSpec>();
    for (const key of fieldsOf(spec)) {
      const column = byKey.get(key);
      if (column && access.get(key) === "write") out.set(key, column);
    }
    return out;
  }, [meta.data, columns, spec]);
}

/**
 * State of an entity's form, shared by create (`record` absent: POST) and edit (PATCH of what changed).
 */
export function useRecordForm(
  spec: RecordFormSpec,
  writable: ReadonlyMap<string, ColumnSpec>,
  record?: AnyRecord,
  prefill?: Readonly<Record<string, unknown>>,
) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const entity = spec.entity;
  const [alert, setAlert] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<{ id: string; matches: DuplicateMatch[] } | null>(null);
  // After a 412: the version the user has now seen, so saving again applies their changes on top of it.
  const [conflictVersion, setConflictVersion] = useState<number | null>(null);

  // Fixed when the form opens: what the user started from, so a save sends only what they changed even after the
  // record is refetched underneath (a conflict must not turn a colleague's new values into "changes" of ours).
  const [initialValues] = useState((): FormValues => {
    const values: FormValues = { custom: {} };
    for (const [key, column] of writable)
      values[key] = record
        ? (record[key] ?? emptyValue(column.type))
        : (spec.defaults?.[key] ?? emptyValue(column.type));
    for (const block of blocksOf(spec))
      values[block.key] = record && block.fromRecord ? block.fromRecord(record) : block.initial();
    for (const [key, value] of Object.entries(record ?? {}))
      if (key.startsWith("custom.")) values.custom[key.slice("custom.".length)] = value;
    // A new record started from another one (a contact from its company's page): only keys the form has.
    if (!record)
      for (const [key, value] of Object.entries(prefill ?? {}))
        if (writable.has(key) || blocksOf(spec).some((block) => block.key === key)) values[key] = value;
    return values;
  });

  const form = useForm<FormValues>({
    initialValues,
    validate: (values) => {
      const errors: Record<string, string> = {};
      for (const key of spec.required ?? [])
        if (writable.has(key) && !String(values[key] ?? "").trim())
          errors[key] = t("table.validation.required");
      for (const [key, message] of Object.entries(spec.validate?.(values) ?? {})) errors[key] = t(message);
      return errors;
    },
  });

  const bodyOf = (values: FormValues): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    const required = new Set(spec.required ?? []);
    for (const [key, column] of writable) body[key] = bodyValue(column.type, values[key], required.has(key));
    for (const block of blocksOf(spec)) Object.assign(body, block.toBody(values[block.key]));
    body.custom = compactCustom(values.custom);
    return spec.finish ? spec.finish(body, values) : body;
  };

  const createBody = (values: FormValues) =>
    // An empty user field (the owner) is left to the server's default: the caller.
    Object.fromEntries(
      Object.entries(bodyOf(values)).filter(
        ([key, value]) => !(writable.get(key)?.type === "user" && !value),
      ),
    );

  // Edit: only what changed, so untouched values (and their stamps, e.g. consent) stay as stored.
  const patchBody = (values: FormValues) => {
    const before = bodyOf(initialValues);
    return Object.fromEntries(
      Object.entries(bodyOf(values)).filter(([key, value]) => !same(value, before[key])),
    );
  };

  /**
   * Someone saved the record while the user edited it: name the fields they changed, keep the user's values in
   * the form, and let the next save apply them on top of the current version (only the fields the user changed).
   */
  const explainConflict = async (current: AnyRecord) => {
    const labelOf = (key: string) =>
      writable.get(key)?.label ?? (key.startsWith("custom.") ? key.slice("custom.".length) : key);
    const changed = Object.keys({ ...record, ...current })
      .filter((key) => !["version", "updatedAt"].includes(key) && !same(record?.[key], current[key]))
      .map(labelOf);
    setConflictVersion(Number(current.version));
    setAlert(
      t("records.conflict.message", { fields: changed.join(", ") || t("records.conflict.someFields") }),
    );
    await client.invalidateQueries({ queryKey: ["records", entity] });
  };

  /** Sends the form; the saved record's id, or null while it stays open (errors, duplicate warning). */
  const submit = async (values: FormValues): Promise<string | null> => {
    setAlert(null);
    try {
      if (record) {
        const version = conflictVersion ?? record.version;
        const saved = await patchRecord(entity, record.id, patchBody(values), version);
        await client.invalidateQueries({ queryKey: ["records", entity] });
        return saved.id;
      }
      const created = await createRecord(entity, createBody(values));
      await client.invalidateQueries({ queryKey: listKey(entity as EntityName) });
      const matches = (created.warnings ?? []).flatMap((w) => w.matches);
      if (matches.length > 0) {
        setDuplicates({ id: created.id, matches });
        return null;
      }
      return created.id;
    } catch (error) {
      if (record && error instanceof ApiError && error.code === "version_conflict") {
        await explainConflict(await fetchRecord(entity, record.id));
        return null;
      }
      setAlert(applyProblemToForm(form, error, t));
      return null;
    }
  };

  return { form, alert, duplicates, submit, conflicted: conflictVersion !== null };
}

import { SimpleGrid } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { Fragment, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { TableEnvProvider } from "../../../ui/table/TableEnv";
import type { AnyRecord, EntityName } from "../api";
import { CreateDialog } from "../CreateDialog";
import { CustomFieldInputs } from "../CustomFieldInputs";
import { DuplicateHint } from "../DuplicateHint";
import { DuplicateWarning } from "../DuplicateWarning";
import { useEntity } from "../entities";
import { recordPath } from "../entityConfig";
import { useUsers } from "../lookups";
import { useAssignableUsers } from "../useAssignableUsers";
import { duplicateHintIndex, formCandidate } from "./duplicateCandidate";
import { FormField } from "./FormField";
import type { FormPart, RecordFormSpec } from "./spec";
import { useRecordForm, useWritableFields } from "./useRecordForm";

export interface RecordFormDialogProps {
  spec: RecordFormSpec;
  onClose: () => void;
  /** Edit this record (PATCH); without it the dialog creates one and opens its page. */
  record?: AnyRecord;
  /** Called after a save instead of opening the record's page. */
  onSaved?: (id: string) => void;
  /** Prefilled values of a new record (a field key or a block's key → its value), e.g. the company of a contact. */
  initial?: Readonly<Record<string, unknown>>;
}

/** The create/edit dialog of an entity, laid out by its form spec. */
export function RecordFormDialog(props: RecordFormDialogProps) {
  return <RecordFormBody {...props} writable={useWritableFields(props.spec)} />;
}

function RecordFormBody({
  spec,
  onClose,
  record,
  onSaved,
  initial,
  writable,
}: RecordFormDialogProps & { writable: ReturnType<typeof useWritableFields> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { active } = useUsers();
  const env = useMemo(
    () => ({ users: new Map(active.map((u) => [u.id, { id: u.id, name: u.name }])) }),
    [active],
  );
  // The owner is chosen among the people the server lets this user make owners (the current one stays shown).
  const assignable = useAssignableUsers(spec.entity);
  const ownerEnv = useMemo(() => {
    const users = new Map(assignable.map((u) => [u.id, { id: u.id, name: u.name }]));
    const current = typeof record?.ownerId === "string" ? env.users.get(record.ownerId) : undefined;
    if (current) users.set(current.id, current);
    return { users };
  }, [assignable, env, record]);
  const { form, alert, duplicates, submit, conflicted } = useRecordForm(spec, writable, record, initial);
  const entity = spec.entity;
  const values = form.getValues();
  // Likely duplicates while creating, for the entities whose definition declares the check (`/meta/entities`).
  const meta = useEntity(entity);
  const checksDuplicates = !record && meta?.capabilities.duplicateCheck === true;
  const hintAt = checksDuplicates ? duplicateHintIndex(spec.parts) : -1;
  let autofocus = !record;

  const onSubmit = form.onSubmit(async (v) => {
    const id = await submit(v);
    if (!id) return;
    onClose();
    if (onSaved) onSaved(id);
    else if (!record) {
      const page = spec.pageOf?.(id) ?? recordPath(entity, id);
      if (page) await navigate({ to: page });
    }
  });

  return (
    <CreateDialog
      opened
      title={record ? t("records.edit") : t(spec.createTitle)}
      submitLabel={conflicted ? t("records.conflict.apply") : record ? t("table.save") : undefined}
      onClose={onClose}
      onSubmit={onSubmit}
      submitting={form.submitting}
      alert={alert}
      after={
        duplicates ? (
          <DuplicateWarning
            entity={entity as "companies" | "contacts"}
            createdId={duplicates.id}
            matches={duplicates.matches}
            onClose={onClose}
          />
        ) : undefined
      }
    >
      <TableEnvProvider value={env}>
        {spec.parts.flatMap((part, index) => [
          renderPart(part, index),
          index === hintAt ? (
            <DuplicateHint key="duplicates" entity={entity} candidate={formCandidate(values)} />
          ) : null,
        ])}
      </TableEnvProvider>
    </CreateDialog>
  );

  function renderPart(part: FormPart, index: number) {
    if ("fields" in part) {
      const shown = part.fields.filter((key) => writable.has(key));
      if (shown.length === 0) return null;
      return (
        <SimpleGrid key={`fields-${index}`} cols={{ base: 1, sm: part.cols ?? 2 }} spacing="sm">
          {shown.map((key) => {
            const focus = autofocus;
            autofocus = false;
            const field = (
              <FormField
                key={key}
                column={writable.get(key) as NonNullable<ReturnType<typeof writable.get>>}
                required={spec.required?.includes(key) ?? false}
                autoFocus={focus}
                inputProps={form.getInputProps(key)}
              />
            );
            return key === "ownerId" ? (
              <TableEnvProvider key={key} value={ownerEnv}>
                {field}
              </TableEnvProvider>
            ) : (
              field
            );
          })}
        </SimpleGrid>
      );
    }
    if ("block" in part) return <Fragment key={part.block.key}>{part.block.render(form, t)}</Fragment>;
    return (
      <CustomFieldInputs
        key="custom"
        entity={entity as EntityName}
        values={values.custom}
        onChange={(v) => form.setFieldValue("custom", v)}
        errors={form.errors as Record<string, string>}
      />
    );
  }
}

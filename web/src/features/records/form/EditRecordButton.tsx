import { Button } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnyRecord } from "../api";
import { DeniedButton } from "../DeniedButton";
import { may, useEntity } from "../entities";
import { useDeniedReason } from "../recordPermissions";
import { screensOf } from "../screens";
import type { RecordFormSpec } from "./spec";

// The form (inputs, date pickers) loads when it is first opened.
const RecordFormDialog = lazy(() =>
  import("./RecordFormDialog").then((m) => ({ default: m.RecordFormDialog })),
);

/**
 * "Edit" on a record page: the entity's create form, filled with the record; disabled with the reason when the
 * role may not update the entity or the server says this user may not update this record (`permissions.update`).
 */
export function EditRecordButton({ entity, record }: { entity: string; record: AnyRecord }) {
  const { t } = useTranslation();
  const meta = useEntity(entity);
  const load = screensOf(entity).loadForm;
  const recordDenied = useDeniedReason()(record, "update");
  const [spec, setSpec] = useState<RecordFormSpec | null>(null);
  if (!load) return null;
  const denied = meta && !may(meta, "update") ? t("records.denied.update") : recordDenied;
  if (denied)
    return (
      <DeniedButton reason={denied} size="xs" variant="light" leftSection={<IconPencil size={14} />}>
        {t("records.edit")}
      </DeniedButton>
    );
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconPencil size={14} />}
        onClick={() => void load().then(setSpec)}
      >
        {t("records.edit")}
      </Button>
      {spec ? (
        <Suspense fallback={null}>
          <RecordFormDialog
            spec={spec}
            record={record}
            onClose={() => setSpec(null)}
            onSaved={() => undefined}
          />
        </Suspense>
      ) : null}
    </>
  );
}

import { Button, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnyRecord } from "../api";
import { may, useEntity } from "../entities";
import { screensOf } from "../screens";
import type { RecordFormSpec } from "./spec";

// The form (inputs, date pickers) loads when it is first opened.
const RecordFormDialog = lazy(() =>
  import("./RecordFormDialog").then((m) => ({ default: m.RecordFormDialog })),
);

/** "Edit" on a record page: the entity's create form, filled with the record; disabled without the right. */
export function EditRecordButton({ entity, record }: { entity: string; record: AnyRecord }) {
  const { t } = useTranslation();
  const meta = useEntity(entity);
  const load = screensOf(entity).loadForm;
  const [spec, setSpec] = useState<RecordFormSpec | null>(null);
  if (!load) return null;
  if (meta && !may(meta, "update"))
    return (
      <Tooltip label={t("records.denied.update")}>
        <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} disabled data-disabled>
          {t("records.edit")}
        </Button>
      </Tooltip>
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

import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFileExport } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { ExportDialog, type ExportDialogProps } from "./ExportDialog";

export type ExportButtonProps = Omit<ExportDialogProps, "opened" | "onClose">;

/** Entities the server exports (`POST /api/v1/exports`). */
export const EXPORTABLE = ["companies", "contacts", "deals", "tasks"] as const;
export const isExportable = (entity: string) => (EXPORTABLE as readonly string[]).includes(entity);

/** "Export" for a list view: exports what the view shows (its filter, sort and visible columns). */
export function ExportButton(props: ExportButtonProps) {
  const { t } = useTranslation();
  const [opened, dialog] = useDisclosure(false);
  return (
    <>
      <Button
        variant="default"
        size="sm"
        leftSection={<IconFileExport size={16} aria-hidden />}
        onClick={dialog.open}
      >
        {t("exportDialog.open")}
      </Button>
      {opened ? <ExportDialog {...props} opened onClose={dialog.close} /> : null}
    </>
  );
}

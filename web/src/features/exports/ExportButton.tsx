import { Button } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconFileExport } from "@tabler/icons-react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { ExportDialogProps } from "./ExportDialog";

// The dialog loads when it is first opened (hovering or focusing the button starts the download).
const loadExportDialog = () => import("./ExportDialog");
export const LazyExportDialog = lazy(() => loadExportDialog().then((m) => ({ default: m.ExportDialog })));

export type ExportButtonProps = Omit<ExportDialogProps, "opened" | "onClose">;

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
        onPointerEnter={() => void loadExportDialog().catch(() => undefined)}
        onFocus={() => void loadExportDialog().catch(() => undefined)}
      >
        {t("exportDialog.open")}
      </Button>
      {opened ? (
        <Suspense fallback={null}>
          <LazyExportDialog {...props} opened onClose={dialog.close} />
        </Suspense>
      ) : null}
    </>
  );
}

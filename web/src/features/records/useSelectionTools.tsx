import { IconArrowMerge, IconFileExport } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { type ReactNode, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkAction } from "../../ui/table/BulkBar";
import { idsFilter, LazyExportDialog } from "../exports";
import type { AnyRecord, EntityName } from "./api";
import { may, useEntity } from "./entities";

/** Entities the merge screen handles (`POST /api/v1/merge`). */

/** Bulk actions that work on the selection without changing it: "Export selected" and "Merge selected". */
export function useSelectionTools(
  entity: EntityName,
  selected: AnyRecord[],
  columns: string[],
  sort: string,
): { actions: BulkAction[]; modals: ReactNode } {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [exporting, setExporting] = useState<string[] | null>(null);
  const ids = selected.map((r) => r.id);
  const actions: BulkAction[] = [];
  const meta = useEntity(entity);
  if ((meta?.capabilities.export.length ?? 0) > 0 && may(meta, "export"))
    actions.push({
      key: "export",
      label: t("table.bulk.export"),
      icon: <IconFileExport size={14} />,
      onClick: () => setExporting(ids),
    });
  if (meta?.capabilities.merge && may(meta, "update") && ids.length >= 2)
    actions.push({
      key: "merge",
      label: t("table.bulk.merge"),
      icon: <IconArrowMerge size={14} />,
      onClick: () =>
        void navigate({ to: "/merge/$entity", params: { entity }, search: { ids: ids.join(",") } }),
    });
  const modals = exporting ? (
    <Suspense fallback={null}>
      <LazyExportDialog
        opened
        onClose={() => setExporting(null)}
        entity={entity}
        columns={columns}
        filter={idsFilter(exporting)}
        sort={sort}
        total={exporting.length}
      />
    </Suspense>
  ) : null;
  return { actions, modals };
}

import { notifications } from "@mantine/notifications";
import { IconArrowsExchange, IconTag, IconTrash, IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import type { BulkAction } from "../../ui/table/BulkBar";
import type { AnyRecord, EntityName } from "./api";
import type { BulkDialog, BulkDialogState } from "./BulkDialogs";
import { type EntityAction, may, useEntity } from "./entities";
import { useBulkDeniedReason } from "./recordPermissions";
import { useAssignableUsers } from "./useAssignableUsers";
import { listKey } from "./useRecordList";

// The dialogs (selects, tags input, lost reason form) load with the first bulk action, not with the list.
const BulkDialogs = lazy(() => import("./BulkDialogs").then((m) => ({ default: m.BulkDialogs })));

/** Bulk actions of a list screen (assign, stage, tag, delete) and their dialogs. */
export function useBulkActions(entity: EntityName, selected: AnyRecord[], onDone: () => void) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const meta = useEntity(entity);
  // What the role does not allow is not offered (the server refuses it anyway).
  const allowed = (action: EntityAction) => !meta || may(meta, action);
  // Offered when the server grants assign on the entity (`/meta/entities`); the dialog lists the people the
  // server says this user may hand records to (`/meta/entities/{entity}/assignees`).
  const assignable = useAssignableUsers(entity, allowed("assign"));
  // A selection holding records the server says this user may not change is shown disabled, with the reason.
  const denied = useBulkDeniedReason();
  const [dialog, setDialog] = useState<BulkDialog>(null);
  const [busy, setBusy] = useState(false);
  const [userId, setUserId] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [stageId, setStageId] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);

  const run = async (work: () => Promise<number>) => {
    setBusy(true);
    try {
      const failed = await work();
      if (failed > 0)
        notifications.show({ color: "red", message: t("table.bulkPartial", { count: failed }) });
      else notifications.show({ color: "green", message: t("table.bulkDone", { count: selected.length }) });
      setDialog(null);
      onDone();
    } catch (error) {
      notifications.show({ color: "red", message: problemMessage(t, error) });
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: listKey(entity) });
    }
  };
  // Mounted from the first bulk action on, so later dialogs open and close with their transitions.
  const [used, setUsed] = useState(false);
  if (dialog !== null && !used) setUsed(true);

  const actions: BulkAction[] = [
    ...(allowed("assign") && assignable.length > 0
      ? [
          {
            key: "assign",
            label: t("table.bulk.assign"),
            icon: <IconUserShare size={14} />,
            onClick: () => setDialog("assign"),
            disabledReason: denied(selected, "assign"),
          },
        ]
      : []),
    ...(entity === "deals" && allowed("update")
      ? [
          {
            key: "stage",
            label: t("table.bulk.stage"),
            icon: <IconArrowsExchange size={14} />,
            onClick: () => setDialog("stage"),
            disabledReason: denied(selected, "update"),
          },
        ]
      : []),
    ...(entity !== "tasks" && (!meta || meta.capabilities.tags) && allowed("update")
      ? [
          {
            key: "tag",
            label: t("table.bulk.tag"),
            icon: <IconTag size={14} />,
            onClick: () => setDialog("tag"),
            disabledReason: denied(selected, "update"),
          },
        ]
      : []),
    ...(allowed("delete")
      ? [
          {
            key: "delete",
            label: t("table.bulk.delete"),
            icon: <IconTrash size={14} />,
            color: "red",
            onClick: () => setDialog("delete"),
            disabledReason: denied(selected, "delete"),
          },
        ]
      : []),
  ];

  const state: BulkDialogState = {
    dialog,
    setDialog,
    busy,
    userId,
    setUserId,
    reason,
    setReason,
    stageId,
    setStageId,
    tags,
    setTags,
  };
  const modals: ReactNode = used ? (
    <Suspense fallback={null}>
      <BulkDialogs entity={entity} selected={selected} assignable={assignable} state={state} run={run} />
    </Suspense>
  ) : null;
  return { actions, modals };
}

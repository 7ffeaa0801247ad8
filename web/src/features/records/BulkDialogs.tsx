import { Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LostReasonDialog } from "../pipeline-board";
import { type AnyRecord, deleteRecord, type EntityName, patchRecord, reassign } from "./api";
import { eachLimited, moveDeals } from "./bulkWork";
import { usePipelines } from "./lookups";
import type { useAssignableUsers } from "./useAssignableUsers";
import { removeFromLists } from "./useRecordList";

export type BulkDialog = "assign" | "stage" | "lost" | "tag" | "delete" | null;

/** The working values of the bulk dialogs; kept by `useBulkActions`, so they survive closing a dialog. */
export interface BulkDialogState {
  dialog: BulkDialog;
  setDialog: (dialog: BulkDialog) => void;
  busy: boolean;
  userId: string | null;
  setUserId: (id: string | null) => void;
  reason: string;
  setReason: (reason: string) => void;
  stageId: string | null;
  setStageId: (id: string | null) => void;
  tags: string[];
  setTags: (tags: string[]) => void;
}

/**
 * The dialogs of the bulk actions (assign, stage, lost reason, tag, delete); loaded with the first bulk action,
 * not with the list.
 */
export function BulkDialogs({
  entity,
  selected,
  assignable,
  state,
  run,
}: {
  entity: EntityName;
  selected: AnyRecord[];
  /** The people the user may hand records to (`useAssignableUsers`). */
  assignable: ReturnType<typeof useAssignableUsers>;
  state: BulkDialogState;
  run: (work: () => Promise<number>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const pipelines = usePipelines();
  const {
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
  } = state;
  const ids = selected.map((r) => r.id);
  // A "lost" stage needs a reason (the server answers 422 without one), asked once for the whole selection.
  const isLostStage = (id: string) =>
    pipelines.some((p) => p.stages.some((stage) => stage.id === id && stage.kind === "lost"));

  const footer = (onConfirm: () => void, disabled: boolean, color?: string): ReactNode => (
    <Group justify="flex-end" mt="md">
      <Button variant="default" onClick={() => setDialog(null)}>
        {t("table.cancel")}
      </Button>
      <Button color={color} loading={busy} disabled={disabled} onClick={onConfirm}>
        {t("table.apply")}
      </Button>
    </Group>
  );

  return (
    <>
      <Modal opened={dialog === "assign"} onClose={() => setDialog(null)} title={t("table.bulk.assign")}>
        <Select
          label={t("table.bulk.assignTo")}
          searchable
          data={assignable.map((u) => ({ value: u.id, label: u.name }))}
          value={userId}
          onChange={setUserId}
          data-autofocus
        />
        <TextInput
          mt="sm"
          label={t("table.bulk.reason")}
          required
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        {footer(
          () =>
            userId &&
            reason.trim() &&
            run(async () => {
              await reassign(entity, ids, userId, reason.trim());
              return 0;
            }),
          !userId || !reason.trim(),
        )}
      </Modal>
      <Modal opened={dialog === "stage"} onClose={() => setDialog(null)} title={t("table.bulk.stage")}>
        <Select
          label={t("fields.deals.stageId")}
          data={pipelines.map((p) => ({
            group: p.name,
            items: p.stages.map((s) => ({ value: s.id, label: s.name })),
          }))}
          value={stageId}
          onChange={setStageId}
        />
        {footer(
          () => stageId && (isLostStage(stageId) ? setDialog("lost") : run(() => moveDeals(ids, stageId))),
          !stageId,
        )}
      </Modal>
      <LostReasonDialog
        dealTitle={dialog === "lost" ? t("board.dealCount", { count: ids.length }) : null}
        onCancel={() => setDialog("stage")}
        onConfirm={(lostReason) => stageId && run(() => moveDeals(ids, stageId, lostReason))}
      />
      <Modal opened={dialog === "tag"} onClose={() => setDialog(null)} title={t("table.bulk.tag")}>
        <TagsInput label={t("fields.companies.tags")} value={tags} onChange={setTags} data-autofocus />
        {footer(
          () =>
            run(() =>
              // `add` merges on the server under the row lock: tags someone added meanwhile stay.
              eachLimited(selected, (row) => patchRecord(entity, row.id, { tags: { add: tags } })),
            ),
          tags.length === 0,
        )}
      </Modal>
      <Modal opened={dialog === "delete"} onClose={() => setDialog(null)} title={t("table.bulk.delete")}>
        <Stack>
          <Text>{t("table.bulk.deleteConfirm", { count: ids.length })}</Text>
        </Stack>
        {footer(
          () =>
            run(async () => {
              const failed = await eachLimited(ids, (id) => deleteRecord(entity, id));
              removeFromLists(client, entity, new Set(ids));
              return failed;
            }),
          false,
          "red",
        )}
      </Modal>
    </>
  );
}

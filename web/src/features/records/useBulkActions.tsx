import { Button, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowsExchange, IconTag, IconTrash, IconUserShare } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { problemMessage } from "../../ui/problemMessages";
import type { BulkAction } from "../../ui/table/BulkBar";
import { stringList } from "../../ui/table/values";
import { LostReasonDialog } from "../pipeline-board/LostReasonDialog";
import { type AnyRecord, deleteRecord, type EntityName, patchRecord, reassign } from "./api";
import { usePipelines } from "./lookups";
import { useAssignableUsers } from "./useAssignableUsers";
import { listKey, removeFromLists } from "./useRecordList";

type Dialog = "assign" | "stage" | "lost" | "tag" | "delete" | null;

/** Runs `work` for each item, a few at a time; returns how many failed. */
async function eachLimited<T>(items: T[], work: (item: T) => Promise<unknown>, limit = 6): Promise<number> {
  let failed = 0;
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const item = items[index++] as T;
      await work(item).catch(() => {
        failed++;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failed;
}

const moveDeals = (ids: string[], stageId: string, lostReason?: string) =>
  eachLimited(ids, (id) =>
    unwrap(
      api.POST("/api/v1/deals/{id}/move", {
        params: { path: { id } },
        body: { stageId, ...(lostReason ? { lostReason } : {}) },
      }),
    ),
  );

/** Bulk actions of a list screen (assign, stage, tag, delete) and their dialogs. */
export function useBulkActions(entity: EntityName, selected: AnyRecord[], onDone: () => void) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // Only the people the server lets this user hand records to (its assign scope): own → self, team → the team.
  const assignable = useAssignableUsers(entity);
  const pipelines = usePipelines();
  const [dialog, setDialog] = useState<Dialog>(null);
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
  const ids = selected.map((r) => r.id);
  // A "lost" stage needs a reason (the server answers 422 without one), asked once for the whole selection.
  const isLostStage = (id: string) =>
    pipelines.some((p) => p.stages.some((stage) => stage.id === id && stage.kind === "lost"));

  const actions: BulkAction[] = [
    ...(assignable.length > 0
      ? [
          {
            key: "assign",
            label: t("table.bulk.assign"),
            icon: <IconUserShare size={14} />,
            onClick: () => setDialog("assign"),
          },
        ]
      : []),
    ...(entity === "deals"
      ? [
          {
            key: "stage",
            label: t("table.bulk.stage"),
            icon: <IconArrowsExchange size={14} />,
            onClick: () => setDialog("stage"),
          },
        ]
      : []),
    ...(entity !== "tasks"
      ? [
          {
            key: "tag",
            label: t("table.bulk.tag"),
            icon: <IconTag size={14} />,
            onClick: () => setDialog("tag"),
          },
        ]
      : []),
    {
      key: "delete",
      label: t("table.bulk.delete"),
      icon: <IconTrash size={14} />,
      color: "red",
      onClick: () => setDialog("delete"),
    },
  ];

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

  const modals = (
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
              eachLimited(selected, (row) =>
                patchRecord(entity, row.id, { tags: [...new Set([...stringList(row.tags), ...tags])] }),
              ),
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
  return { actions, modals };
}

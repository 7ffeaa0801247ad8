import { Button, Group, Modal, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { problemMessage } from "../../ui/problemMessages";
import type { useListState } from "../records";
import { apiEntity, type EntityName } from "../records";
import { createView, deleteView, setDefaultView, updateView, viewsKey } from "./api";
import { ViewSelector } from "./ViewSelector";

// The save/rename form loads when it is first opened.
const ViewDialog = lazy(() => import("./ViewDialog").then((m) => ({ default: m.ViewDialog })));

type ListState = ReturnType<typeof useListState>;

/** Saved views of a list screen: choose, save as, update, rename, delete, set as my default. */
export function ViewControls({
  entity,
  state,
  userId,
}: {
  entity: EntityName;
  state: ListState;
  userId: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<"create" | "rename" | "delete" | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: viewsKey(entity) });
  const current = state.view;
  const body = () => ({
    filter: state.filter as Record<string, unknown> | null,
    sort: state.sortText,
    columns: state.visible,
  });

  return (
    <>
      <ViewSelector
        views={state.views}
        current={current}
        defaultViewId={state.defaultViewId}
        dirty={state.dirty}
        onSelect={state.apply}
        onSaveNew={() => setDialog("create")}
        onRename={() => setDialog("rename")}
        onDelete={() => setDialog("delete")}
        onUpdate={async () => {
          if (!current) return;
          try {
            const saved = await updateView(current.id, body());
            await refresh();
            state.apply(saved);
            notifications.show({ color: "green", message: t("views.saved") });
          } catch (error) {
            notifications.show({ color: "red", message: problemMessage(t, error) });
          }
        }}
        onSetDefault={() => {
          setDefaultView(userId, entity, current?.id ?? null);
          state.setDefaultViewId(current?.id ?? null);
          notifications.show({ message: t("views.defaultSet") });
        }}
      />
      {dialog === "create" || dialog === "rename" ? (
        <Suspense fallback={null}>
          <ViewDialog
            opened
            mode={dialog}
            initialName={dialog === "rename" ? (current?.name ?? "") : ""}
            initialVisibility="private"
            onClose={() => setDialog(null)}
            onSubmit={async ({ name, visibility }) => {
              const saved =
                dialog === "create" || !current
                  ? await createView({ entity: apiEntity(entity), name, visibility, ...body() })
                  : await updateView(current.id, { name });
              await refresh();
              if (dialog === "create") state.apply(saved);
            }}
          />
        </Suspense>
      ) : null}
      <Modal opened={dialog === "delete"} onClose={() => setDialog(null)} title={t("views.delete")}>
        <Text>{t("views.deleteConfirm", { name: current?.name ?? "" })}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setDialog(null)}>
            {t("table.cancel")}
          </Button>
          <Button
            color="red"
            onClick={async () => {
              if (!current) return;
              try {
                await deleteView(current.id);
                setDialog(null);
                state.apply(null);
                await refresh();
              } catch (error) {
                notifications.show({ color: "red", message: problemMessage(t, error) });
              }
            }}
          >
            {t("views.delete")}
          </Button>
        </Group>
      </Modal>
    </>
  );
}

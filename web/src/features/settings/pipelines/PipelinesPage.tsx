import { Badge, Button, Card, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { pipelinesQuery } from "../api";
import { notifyError, notifySaved, RowsSkeleton, SectionHeader } from "../common";
import { LostReasonsForm } from "./LostReasonsForm";
import { StageList } from "./StageList";

export function PipelinesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pipelines = useQuery(pipelinesQuery);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [newName, setNewName] = useState("");
  const list = pipelines.data ?? [];
  const selected = list.find((p) => p.id === selectedId) ?? list.find((p) => p.isDefault) ?? list[0];
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["settings", "pipelines"] });

  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST("/api/v1/pipelines", { body: { name } })),
    onSuccess: (pipeline) => {
      setNewName("");
      setSelectedId(pipeline.id);
      void refresh();
    },
    onError: (error) => notifyError(t, error),
  });
  const makeDefault = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.PATCH("/api/v1/pipelines/{id}", { params: { path: { id } }, body: { isDefault: true } })),
    onSuccess: () => {
      notifySaved(t);
      void refresh();
    },
    onError: (error) => notifyError(t, error),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/pipelines/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      setSelectedId(null);
      void refresh();
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Stack gap="md">
      <SectionHeader title={t("settings.nav.pipelines")} />
      {pipelines.isPending && <RowsSkeleton rows={5} height={52} />}
      {list.length > 0 && (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label={t("settings.pipelines.pipeline")}
            data={list.map((p) => ({ value: p.id, label: p.name }))}
            value={selected?.id ?? null}
            onChange={setSelectedId}
            allowDeselect={false}
            w={260}
          />
          {selected && !selected.isDefault && (
            <>
              <Button
                variant="default"
                loading={makeDefault.isPending}
                onClick={() => makeDefault.mutate(selected.id)}
              >
                {t("settings.pipelines.makeDefault")}
              </Button>
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(selected.id)}
              >
                {t("settings.pipelines.deletePipeline")}
              </Button>
            </>
          )}
          {selected?.isDefault && <Badge variant="light">{t("settings.pipelines.default")}</Badge>}
        </Group>
      )}
      {selected && (
        <Card withBorder padding="sm">
          <StageList key={selected.id} pipeline={selected} />
        </Card>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (newName.trim()) create.mutate(newName.trim());
        }}
      >
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={t("settings.pipelines.newPipeline")}
            value={newName}
            onChange={(event) => setNewName(event.currentTarget.value)}
            w={260}
          />
          <Button
            type="submit"
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            loading={create.isPending}
            disabled={!newName.trim()}
          >
            {t("settings.pipelines.createPipeline")}
          </Button>
        </Group>
      </form>
      {list.length === 0 && !pipelines.isPending && (
        <Text size="sm" c="dimmed">
          {t("settings.pipelines.empty")}
        </Text>
      )}
      <LostReasonsForm />
    </Stack>
  );
}

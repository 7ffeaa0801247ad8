import { Button, Divider, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { adminUsersQuery, type Team } from "../api";
import { notifyError, notifySaved } from "../common";
import { userOptions } from "../users/options";
import { TeamMembers } from "./TeamMembers";

interface Values {
  name: string;
  description: string;
  headId: string | null;
}

/** Create or edit a team (name, description, head); members are assigned on the users page. */
export function TeamDialog({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery(adminUsersQuery);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      name: team?.name ?? "",
      description: team?.description ?? "",
      headId: team?.headId ?? null,
    },
    validate: { name: (value) => (value.trim() ? null : t("settings.required")) },
  });
  const done = () => {
    notifySaved(t);
    void queryClient.invalidateQueries({ queryKey: ["settings", "teams"] });
    void queryClient.invalidateQueries({ queryKey: ["directory", "teams"] });
    onClose();
  };
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        name: values.name.trim(),
        description: values.description.trim(),
        headId: values.headId,
      };
      return team
        ? unwrap(api.PATCH("/api/v1/teams/{id}", { params: { path: { id: team.id } }, body }))
        : unwrap(api.POST("/api/v1/teams", { body }));
    },
    onSuccess: done,
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/teams/{id}", { params: { path: { id } } })),
    onSuccess: done,
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={team ? team.name : t("settings.teams.create")}>
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="sm">
          <FormAlert message={alert} />
          <TextInput label={t("settings.teams.name")} required {...form.getInputProps("name")} />
          <Textarea label={t("settings.teams.description")} {...form.getInputProps("description")} />
          <Select
            label={t("settings.teams.head")}
            data={userOptions(users.data)}
            searchable
            clearable
            {...form.getInputProps("headId")}
          />
          <Group justify="space-between">
            {team ? (
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(team.id)}
              >
                {t("settings.delete")}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t("common.save")}
              </Button>
            </Group>
          </Group>
          {team && (
            <>
              <Divider label={t("settings.teams.members")} labelPosition="left" />
              <TeamMembers teamId={team.id} />
            </>
          )}
        </Stack>
      </form>
    </Modal>
  );
}

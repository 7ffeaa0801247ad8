import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { rolesQuery, teamsQuery } from "../api";
import { notifySaved } from "../common";
import { roleOptions, teamOptions } from "./options";

interface Values {
  email: string;
  name: string;
  roleId: string | null;
  teamId: string | null;
}

const EMPTY: Values = { email: "", name: "", roleId: null, teamId: null };

export function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const teams = useQuery(teamsQuery);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t("settings.users.invalidEmail")),
      name: (value) => (value.trim() ? null : t("settings.required")),
      roleId: (value) => (value ? null : t("settings.required")),
    },
  });
  const close = () => {
    form.reset();
    setAlert(null);
    onClose();
  };
  const invite = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.POST("/api/v1/invitations", {
          body: {
            email: values.email.trim(),
            name: values.name.trim(),
            roleId: values.roleId ?? "",
            teamId: values.teamId,
          },
        }),
      ),
    onSuccess: (invitation) => {
      notifySaved(t, t("settings.users.invited", { email: invitation.email }));
      void queryClient.invalidateQueries({ queryKey: ["settings", "invitations"] });
      close();
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <Modal opened={opened} onClose={close} title={t("settings.users.invite")}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setAlert(null);
          invite.mutate(values);
        })}
      >
        <Stack gap="sm">
          <FormAlert message={alert} />
          <TextInput
            label={t("settings.users.email")}
            type="email"
            required
            {...form.getInputProps("email")}
          />
          <TextInput label={t("settings.users.name")} required {...form.getInputProps("name")} />
          <Select
            label={t("settings.users.role")}
            data={roleOptions(roles.data)}
            required
            {...form.getInputProps("roleId")}
          />
          <Select
            label={t("settings.users.team")}
            data={teamOptions(teams.data)}
            clearable
            {...form.getInputProps("teamId")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={invite.isPending}>
              {t("settings.users.sendInvite")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

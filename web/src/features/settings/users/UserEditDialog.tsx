import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { isLanguageCode, LANGUAGES } from "../../../i18n/languages";
import { FormAlert } from "../../../ui/FormAlert";
import { applyProblemToForm } from "../../../ui/formErrors";
import { AvatarPicker, avatarEndpoint } from "../../account";
import { email, required } from "../../auth";
import { type AdminUser, adminUsersQuery, rolesQuery, teamsQuery, type UserPatch } from "../api";
import { notifySaved } from "../common";
import { roleOptions, teamOptions, timeZoneOptions, userOptions } from "./options";

interface Values {
  name: string;
  email: string;
  phone: string;
  roleId: string | null;
  teamId: string | null;
  managerId: string | null;
  position: string;
  language: string | null;
  timeZone: string | null;
}

/** The changed sign-in email only (an unchanged one is not sent again). */
export function toUserPatch(values: Values, user?: Pick<AdminUser, "email">): UserPatch {
  const email = values.email.trim();
  return {
    name: values.name.trim(),
    ...(email && email.toLowerCase() !== user?.email.toLowerCase() ? { email } : {}),
    phone: values.phone.trim() || null,
    ...(values.roleId ? { roleId: values.roleId } : {}),
    teamId: values.teamId,
    managerId: values.managerId,
    position: values.position.trim() || null,
    ...(isLanguageCode(values.language) ? { language: values.language } : {}),
    ...(values.timeZone ? { timeZone: values.timeZone } : {}),
  };
}

export function UserEditDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesQuery);
  const teams = useQuery(teamsQuery);
  const users = useQuery(adminUsersQuery);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      name: user.name,
      email: user.email,
      phone: user.phone ?? "",
      roleId: user.roleId ?? null,
      teamId: user.teamId,
      managerId: user.managerId ?? null,
      position: user.position ?? "",
      language: user.language ?? null,
      timeZone: user.timeZone ?? null,
    },
    validate: { name: required(t), email: email(t) },
  });
  const [avatarUrl, setAvatarUrl] = useState(user.avatarUrl);
  const save = useMutation({
    mutationFn: (values: Values) =>
      unwrap(
        api.PATCH("/api/v1/users/{id}", {
          params: { path: { id: user.id } },
          body: toUserPatch(values, user),
        }),
      ),
    onSuccess: () => {
      notifySaved(t);
      void queryClient.invalidateQueries({ queryKey: ["settings", "users"] });
      void queryClient.invalidateQueries({ queryKey: ["directory", "users"] });
      onClose();
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <Modal opened onClose={onClose} title={t("settings.users.editTitle", { name: user.name })}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setAlert(null);
          save.mutate(values);
        })}
      >
        <Stack gap="sm">
          <FormAlert message={alert} />
          <AvatarPicker
            name={user.name}
            avatarUrl={avatarUrl}
            endpoint={avatarEndpoint(user.id)}
            onChanged={(url) => {
              setAvatarUrl(url);
              void queryClient.invalidateQueries({ queryKey: ["settings", "users"] });
              void queryClient.invalidateQueries({ queryKey: ["directory", "users"] });
              notifySaved(t, url ? t("profile.photoSaved") : t("profile.photoRemoved"));
            }}
          />
          <TextInput
            label={t("settings.users.name")}
            required
            maxLength={200}
            {...form.getInputProps("name")}
          />
          <TextInput
            label={t("settings.users.email")}
            type="email"
            required
            maxLength={254}
            description={t("settings.users.emailHint")}
            {...form.getInputProps("email")}
          />
          <TextInput
            label={t("settings.users.phone")}
            type="tel"
            maxLength={50}
            {...form.getInputProps("phone")}
          />
          <Select
            label={t("settings.users.role")}
            data={roleOptions(roles.data)}
            allowDeselect={false}
            {...form.getInputProps("roleId")}
          />
          <Select
            label={t("settings.users.team")}
            data={teamOptions(teams.data)}
            clearable
            {...form.getInputProps("teamId")}
          />
          <Select
            label={t("settings.users.manager")}
            data={userOptions(users.data, user.id)}
            searchable
            clearable
            {...form.getInputProps("managerId")}
          />
          <TextInput label={t("settings.users.position")} {...form.getInputProps("position")} />
          <Select
            label={t("settings.users.language")}
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.nativeName }))}
            allowDeselect={false}
            {...form.getInputProps("language")}
          />
          <Select
            label={t("settings.users.timeZone")}
            data={timeZoneOptions()}
            searchable
            limit={50}
            {...form.getInputProps("timeZone")}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

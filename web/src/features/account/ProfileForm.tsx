import { Button, Group, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Me, UpdateMeBody } from "../../api/types";
import { isLanguageCode, LANGUAGES } from "../../i18n/languages";
import { FormAlert } from "../../ui/FormAlert";
import { applyProblemToForm } from "../../ui/formErrors";
import { meQueryKey, required, updateMe } from "../auth";
import { timeZoneOptions } from "../settings";

interface Values {
  name: string;
  phone: string;
  position: string;
  language: string | null;
  timeZone: string | null;
  notifyByEmail: boolean;
}

/** Only what changed, with empty optional texts sent as null (clears them). */
export function toProfilePatch(me: Me, values: Values): UpdateMeBody {
  const patch: UpdateMeBody = {};
  if (values.name.trim() !== me.name) patch.name = values.name.trim();
  const phone = values.phone.trim() || null;
  if (phone !== me.phone) patch.phone = phone;
  const position = values.position.trim() || null;
  if (position !== me.position) patch.position = position;
  if (isLanguageCode(values.language) && values.language !== me.language) patch.language = values.language;
  if (values.timeZone && values.timeZone !== me.timeZone) patch.timeZone = values.timeZone;
  if (values.notifyByEmail !== me.notifyByEmail) patch.notifyByEmail = values.notifyByEmail;
  return patch;
}

/** Name, phone, position, language, time zone and the email copies of notifications. */
export function ProfileForm({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: {
      name: me.name,
      phone: me.phone ?? "",
      position: me.position ?? "",
      language: me.language,
      timeZone: me.timeZone,
      notifyByEmail: me.notifyByEmail,
    },
    validate: { name: required(t) },
  });
  const save = useMutation({
    mutationFn: (patch: UpdateMeBody) => updateMe(patch),
    onSuccess: async (saved) => {
      queryClient.setQueryData(meQueryKey, saved);
      void queryClient.invalidateQueries({ queryKey: ["directory", "users"] });
      if (saved.language !== i18n.resolvedLanguage) await i18n.changeLanguage(saved.language);
      form.resetDirty();
      notifications.show({ color: "green", message: i18n.t("profile.saved") });
    },
    onError: (error) => setAlert(applyProblemToForm(form, error, t)),
  });
  return (
    <form
      noValidate
      aria-label={t("profile.details")}
      onSubmit={form.onSubmit((values) => {
        setAlert(null);
        const patch = toProfilePatch(me, values);
        if (Object.keys(patch).length === 0) return;
        save.mutate(patch);
      })}
    >
      <Stack gap="sm">
        <FormAlert message={alert} />
        <TextInput
          label={t("profile.name")}
          required
          autoComplete="name"
          maxLength={200}
          {...form.getInputProps("name")}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t("profile.phone")}
            type="tel"
            autoComplete="tel"
            maxLength={50}
            {...form.getInputProps("phone")}
          />
          <TextInput
            label={t("profile.position")}
            autoComplete="organization-title"
            maxLength={200}
            {...form.getInputProps("position")}
          />
        </Group>
        <Group grow align="flex-start">
          <Select
            label={t("profile.language")}
            data={LANGUAGES.map((language) => ({ value: language.code, label: language.nativeName }))}
            allowDeselect={false}
            {...form.getInputProps("language")}
          />
          <Select
            label={t("profile.timeZone")}
            data={timeZoneOptions()}
            searchable
            allowDeselect={false}
            limit={50}
            {...form.getInputProps("timeZone")}
          />
        </Group>
        <Switch
          label={t("profile.notifyByEmail")}
          description={t("profile.notifyByEmailHint")}
          {...form.getInputProps("notifyByEmail", { type: "checkbox" })}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t("profile.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

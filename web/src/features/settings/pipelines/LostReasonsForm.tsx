import { TagsInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { SettingsFormCard } from "../SettingsFormCard";
import { useSettingsForm } from "../useSettingsForm";

const lostReasonsQuery = {
  queryKey: ["settings", "lost-reasons"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/lost-reasons")),
  staleTime: 5 * 60_000,
};

/** The lost reasons the lose dialog offers, in order; "other" with free text is always offered besides. */
export function LostReasonsForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<{ reasons: string[] }>({ initialValues: { reasons: [] } });
  const state = useSettingsForm(
    lostReasonsQuery,
    form,
    (values) => unwrap(api.PUT("/api/v1/settings/lost-reasons", { body: values })),
    () => queryClient.invalidateQueries({ queryKey: lostReasonsQuery.queryKey }),
  );
  return (
    <SettingsFormCard
      title={t("settings.lostReasons.title")}
      hint={t("settings.lostReasons.hint")}
      state={state}
    >
      <TagsInput
        label={t("settings.lostReasons.label")}
        description={t("settings.lostReasons.enterHint")}
        maxTags={50}
        clearable
        {...form.getInputProps("reasons")}
      />
    </SettingsFormCard>
  );
}

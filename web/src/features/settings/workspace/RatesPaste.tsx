import { Button, Collapse, Group, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../i18n/useFormat";
import { FormAlert } from "../../../ui/FormAlert";
import { notifySaved, settingsProblemMessage } from "../common";
import { importRates } from "./exchangeRatesApi";
import { parseRatesPaste } from "./parseRatesPaste";

/** Rates pasted from a spreadsheet or a bank's table: checked row by row here, then saved all or none. */
export function RatesPaste({ base }: { base: string }) {
  const { t } = useTranslation();
  const { language } = useFormat();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const parsed = parseRatesPaste(text, language, base);
  const save = useMutation({
    mutationFn: () => importRates(parsed.rates),
    onSuccess: async () => {
      notifySaved(t, t("settings.exchangeRates.imported", { count: parsed.rates.length }));
      setText("");
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["settings", "default-currency", "exchange-rates"] });
      await queryClient.invalidateQueries({ queryKey: ["pipelines"] });
    },
  });
  const ready = parsed.rates.length > 0 && parsed.problems.length === 0;
  return (
    <Stack gap="xs">
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {t("settings.exchangeRates.paste")}
        </Button>
      </Group>
      <Collapse expanded={open}>
        <Stack gap="xs">
          <Textarea
            label={t("settings.exchangeRates.pasteLabel")}
            description={t("settings.exchangeRates.pasteHint")}
            autosize
            minRows={3}
            maxRows={12}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          {parsed.problems.map((p) => (
            <Text key={p.line} size="sm" c="red">
              {t(`settings.exchangeRates.pasteProblem.${p.problem}`, { line: p.line })}
            </Text>
          ))}
          <FormAlert message={save.error ? settingsProblemMessage(t, save.error) : null} />
          <Group justify="flex-end">
            <Button disabled={!ready} loading={save.isPending} onClick={() => save.mutate()}>
              {t("settings.exchangeRates.pasteSave", { count: parsed.rates.length })}
            </Button>
          </Group>
        </Stack>
      </Collapse>
    </Stack>
  );
}

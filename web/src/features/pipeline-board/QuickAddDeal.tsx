import { Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { AmountInput } from "../../ui/money/AmountInput";
import { problemMessage } from "../../ui/problemMessages";
import { may, useEntity } from "../records";

const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
const defaultCurrencyQuery = {
  queryKey: ["settings", "default-currency"],
  queryFn: () => unwrap(api.GET("/api/v1/settings/default-currency")),
  staleTime: 5 * 60_000,
};

/**
 * "Add a deal" at the top of an open column: title and amount typed in place, the pipeline and stage preset
 * by the column, the amount in the workspace currency. Stays open after adding, for the next one.
 */
export function QuickAddDeal({ pipelineId, stageId }: { pipelineId: string; stageId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const meta = useEntity("deals");
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [amount, setAmount] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const currency = useQuery({ ...defaultCurrencyQuery, enabled: open }).data?.currency ?? null;
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/deals", {
          body: {
            title: title.trim(),
            pipelineId,
            stageId,
            ...(amount ? { amount, currency } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setTitle("");
      setAmount(null);
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ["pipelines", pipelineId, "board"] });
      void queryClient.invalidateQueries({ queryKey: ["deals"] });
    },
    onError: (problem) => setError(problemMessage(t, problem)),
  });
  if (meta && !may(meta, "create")) return null;
  const close = () => {
    setOpen(false);
    setTitle("");
    setAmount(null);
    setError(null);
  };
  if (!open)
    return (
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        {t("board.quickAdd")}
      </Button>
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setError(t("board.quickAddTitleRequired"));
    if (amount && !MONEY.test(amount)) return setError(t("table.validation.money"));
    create.mutate();
  };
  return (
    <Paper withBorder radius="md" p="xs">
      <form
        noValidate
        onSubmit={submit}
        onKeyDown={(event) => event.key === "Escape" && close()}
        aria-label={t("board.quickAdd")}
      >
        <Stack gap={6}>
          <TextInput
            size="xs"
            label={t("fields.deals.title")}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            maxLength={200}
            data-autofocus
            autoFocus
          />
          <AmountInput label={t("fields.deals.amount")} value={amount} onChange={setAmount} />
          {error ? (
            <Text size="xs" c="red" role="alert">
              {error}
            </Text>
          ) : null}
          <Group gap="xs" justify="flex-end">
            <Button size="compact-sm" variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button size="compact-sm" type="submit" loading={create.isPending}>
              {t("board.quickAddSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

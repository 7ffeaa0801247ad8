import { Badge, Code, Drawer, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { type Rule, runsQuery } from "./api";

const COLORS: Record<string, string> = {
  succeeded: "green",
  failed: "red",
  waiting: "blue",
  stopped: "gray",
  cancelled: "gray",
};

/** The rule's runs, newest first, each with its step log (start, output, error). */
export function RunsDrawer({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const runs = useQuery(runsQuery(rule.id));
  return (
    <Drawer
      opened
      onClose={onClose}
      position="right"
      size="lg"
      title={t("automations.runsOf", { name: rule.name })}
    >
      <Stack gap="sm">
        {runs.data?.length === 0 && <Text c="dimmed">{t("automations.noRuns")}</Text>}
        {(runs.data ?? []).map((run) => (
          <Stack key={run.id} gap={4} data-testid="automation-run">
            <Group gap="xs">
              <Badge color={COLORS[run.status] ?? "gray"}>{t(`automations.status.${run.status}`)}</Badge>
              <Text size="sm">{format.dateTime(run.createdAt)}</Text>
              {run.reason && (
                <Text size="xs" c="dimmed">
                  {t(`automations.reasons.${run.reason}`, { defaultValue: run.reason })}
                </Text>
              )}
            </Group>
            {run.error && (
              <Text size="xs" c="red">
                {run.error}
              </Text>
            )}
            {run.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a step can have several attempts
              <Group key={i} gap="xs" pl="md" wrap="nowrap">
                <Text size="xs" w={110}>
                  {t(`automations.steps.${s.stepType}`, { defaultValue: s.stepType })}
                </Text>
                <Badge size="xs" variant="light" color={COLORS[s.status] ?? "gray"}>
                  {t(`automations.status.${s.status}`, { defaultValue: s.status })}
                </Badge>
                {s.output !== null && <Code>{JSON.stringify(s.output).slice(0, 160)}</Code>}
                {s.error && (
                  <Text size="xs" c="red">
                    {s.error}
                  </Text>
                )}
              </Group>
            ))}
          </Stack>
        ))}
      </Stack>
    </Drawer>
  );
}

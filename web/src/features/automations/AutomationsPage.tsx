import { ActionIcon, Badge, Button, Card, Code, Group, Menu, Stack, Switch, Text } from "@mantine/core";
import { IconDots, IconPlus, IconTemplate } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { notifyError, RowsSkeleton, SectionHeader } from "../settings";
import { automationKeys, type Created, type Rule, rulesQuery, settingsQuery } from "./api";
import { RuleEditor } from "./RuleEditor";
import { RunsDrawer } from "./RunsDrawer";
import { TemplatesModal } from "./TemplatesModal";
import { TestRunDrawer } from "./TestRunDrawer";

/** Settings → Automations: rules, their runs, test runs and the built-in templates. */
export function AutomationsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const rules = useQuery(rulesQuery);
  const settings = useQuery(settingsQuery);
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const [runs, setRuns] = useState<Rule | null>(null);
  const [testing, setTesting] = useState<Rule | null>(null);
  const [gallery, setGallery] = useState(false);
  const [secret, setSecret] = useState<Created | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: automationKeys.all });
  const toggle = useMutation({
    mutationFn: (rule: Rule) =>
      unwrap(
        api.PATCH("/api/v1/automations/{id}", {
          params: { path: { id: rule.id } },
          body: { enabled: !rule.enabled },
        }),
      ),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/automations/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
    onError: (error) => notifyError(t, error),
  });
  const saved = (created: Created | null) => {
    setEditing(null);
    setGallery(false);
    if (created?.rule.hook) setSecret(created);
    void refresh();
  };
  return (
    <Stack gap="md">
      <SectionHeader
        title={t("settings.nav.automations")}
        description={t("automations.description")}
        actions={
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconTemplate size={16} aria-hidden />}
              onClick={() => setGallery(true)}
            >
              {t("automations.templates")}
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>
              {t("automations.create")}
            </Button>
          </Group>
        }
      />
      {settings.data && (
        <Text size="xs" c="dimmed" data-testid="automations-storage">
          {t("automations.storage", {
            runs: settings.data.storage.runs,
            size: Math.round(settings.data.storage.bytes / 1024),
            days: settings.data.retention.days,
            successDays: settings.data.retention.successDays,
          })}
        </Text>
      )}
      {secret?.rule.hook && (
        <Card withBorder padding="sm">
          <Text size="sm">{t("automations.hookCreated")}</Text>
          <Code
            block
          >{`POST ${window.location.origin}${secret.rule.hook.url}\nsecret: ${secret.secret}`}</Code>
        </Card>
      )}
      {rules.isPending && <RowsSkeleton rows={3} height={64} />}
      {rules.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t("automations.empty")}
        </Text>
      )}
      {(rules.data ?? []).map((rule) => (
        <Card key={rule.id} withBorder padding="sm" data-testid="automation-rule">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4} style={{ minWidth: 0 }}>
              <Text fw={600}>{rule.name}</Text>
              {rule.description && (
                <Text size="sm" c="dimmed">
                  {rule.description}
                </Text>
              )}
              <Group gap={4}>
                <Badge variant="light" tt="none">
                  {t(`automations.triggers.${rule.definition.trigger.kind}`)}
                </Badge>
                <Badge variant="outline" tt="none">
                  {t("automations.version", { version: rule.version })}
                </Badge>
              </Group>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Switch
                checked={rule.enabled}
                aria-label={t("automations.enabled")}
                onChange={() => toggle.mutate(rule)}
              />
              <Menu position="bottom-end">
                <Menu.Target>
                  <ActionIcon variant="subtle" aria-label={t("automations.actions")}>
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setEditing(rule)}>{t("automations.edit")}</Menu.Item>
                  <Menu.Item onClick={() => setTesting(rule)}>{t("automations.test")}</Menu.Item>
                  <Menu.Item onClick={() => setRuns(rule)}>{t("automations.runs")}</Menu.Item>
                  <Menu.Item color="red" onClick={() => remove.mutate(rule.id)}>
                    {t("automations.delete")}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </Card>
      ))}
      {editing && (
        <RuleEditor
          rule={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      )}
      {gallery && <TemplatesModal onClose={() => setGallery(false)} onCreated={saved} />}
      {runs && <RunsDrawer rule={runs} onClose={() => setRuns(null)} />}
      {testing && <TestRunDrawer rule={testing} onClose={() => setTesting(null)} />}
    </Stack>
  );
}

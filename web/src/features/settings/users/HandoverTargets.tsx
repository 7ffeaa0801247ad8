import { Card, Group, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { entityLabel } from "../common";
import {
  emptyChoice,
  type HandoverChoice,
  type HandoverChoices,
  type PlanEntity,
  type TargetMode,
} from "./handoverModel";
import type { SelectOption } from "./options";

interface HandoverTargetsProps {
  entities: readonly PlanEntity[];
  choices: HandoverChoices;
  errors: Record<string, string>;
  users: SelectOption[];
  teams: SelectOption[];
  onChange: (entity: string, choice: HandoverChoice) => void;
}

/** Step 2: for each entity one person, or a team whose active members share the records evenly. */
export function HandoverTargets({ entities, choices, errors, users, teams, onChange }: HandoverTargetsProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {entities.map((entry) => {
        const choice = choices[entry.entity] ?? emptyChoice();
        const error = errors[entry.entity];
        const label = entityLabel(t, entry.entity, entry.label);
        return (
          <Card key={entry.entity} withBorder padding="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Text fw={500}>{label}</Text>
                <Text size="sm" c="dimmed">
                  {t("settings.handover.records", { count: entry.count })}
                </Text>
              </Group>
              <SegmentedControl
                aria-label={t("settings.handover.targetKind", { entity: label })}
                value={choice.mode}
                onChange={(mode) => onChange(entry.entity, { ...choice, mode: mode as TargetMode })}
                data={[
                  { value: "user", label: t("settings.handover.onePerson") },
                  { value: "team", label: t("settings.handover.spreadTeam") },
                ]}
              />
              {choice.mode === "user" ? (
                <Select
                  label={t("settings.handover.person")}
                  data={users}
                  searchable
                  value={choice.userId}
                  onChange={(userId) => onChange(entry.entity, { ...choice, userId })}
                  error={error ? t(error) : undefined}
                />
              ) : (
                <Select
                  label={t("settings.handover.team")}
                  data={teams}
                  value={choice.teamId}
                  onChange={(teamId) => onChange(entry.entity, { ...choice, teamId })}
                  error={error ? t(error) : undefined}
                />
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

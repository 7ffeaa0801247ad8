import { Card, Group, SegmentedControl, Select, Stack, Switch, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { entityLabel } from "../common";
import {
  ALL,
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

interface TargetProps {
  label: string;
  choice: HandoverChoice;
  error: string | undefined;
  users: SelectOption[];
  teams: SelectOption[];
  onChange: (choice: HandoverChoice) => void;
}

/** One person, or a team whose active members share the records evenly. */
function TargetPicker({ label, choice, error, users, teams, onChange }: TargetProps) {
  const { t } = useTranslation();
  return (
    <>
      <SegmentedControl
        aria-label={t("settings.handover.targetKind", { entity: label })}
        value={choice.mode}
        onChange={(mode) => onChange({ ...choice, mode: mode as TargetMode })}
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
          onChange={(userId) => onChange({ ...choice, userId })}
          error={error ? t(error) : undefined}
        />
      ) : (
        <Select
          label={t("settings.handover.team")}
          data={teams}
          value={choice.teamId}
          onChange={(teamId) => onChange({ ...choice, teamId })}
          error={error ? t(error) : undefined}
        />
      )}
    </>
  );
}

/**
 * Step 2: with several record types, one target for everything and, per type, an optional target of its own;
 * with one type, that type's target.
 */
export function HandoverTargets({ entities, choices, errors, users, teams, onChange }: HandoverTargetsProps) {
  const { t } = useTranslation();
  const common = entities.length > 1;
  const pickers = { users, teams };
  return (
    <Stack gap="sm">
      {common ? (
        <Card withBorder padding="sm">
          <Stack gap="xs">
            <Text fw={500}>{t("settings.handover.everything")}</Text>
            <TargetPicker
              label={t("settings.handover.everything")}
              choice={choices[ALL] ?? emptyChoice()}
              error={errors[ALL]}
              onChange={(choice) => onChange(ALL, choice)}
              {...pickers}
            />
          </Stack>
        </Card>
      ) : null}
      {entities.map((entry) => {
        const choice = choices[entry.entity] ?? emptyChoice();
        const label = entityLabel(t, entry.entity, entry.label);
        const own = !common || Boolean(choice.override);
        return (
          <Card key={entry.entity} withBorder padding="sm">
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Text fw={500}>{label}</Text>
                <Text size="sm" c="dimmed">
                  {t("settings.handover.records", { count: entry.count })}
                </Text>
              </Group>
              {common ? (
                <Switch
                  label={t("settings.handover.ownTarget", { entity: label })}
                  checked={own}
                  onChange={(event) =>
                    onChange(entry.entity, { ...choice, override: event.currentTarget.checked })
                  }
                />
              ) : null}
              {own ? (
                <TargetPicker
                  label={label}
                  choice={choice}
                  error={errors[entry.entity]}
                  onChange={(next) => onChange(entry.entity, next)}
                  {...pickers}
                />
              ) : null}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

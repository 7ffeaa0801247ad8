import { Checkbox, Group, Input, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { entityLabel, RowsSkeleton } from "../settings";
import { eventTypesQuery } from "./api";
import { groupEventTypes, toggleSelector } from "./eventTypes";

/** Event types by entity (from GET /webhooks/event-types): all of an entity's events, or single actions. */
export function EventPicker({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (value: string[]) => void;
  error?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const types = useQuery(eventTypesQuery);
  if (types.isPending) return <RowsSkeleton rows={3} height={24} />;
  return (
    <Input.Wrapper label={t("webhooks.events")} description={t("webhooks.eventsHint")} error={error} required>
      <Stack gap="xs" mt={4}>
        {groupEventTypes(types.data ?? []).map((group) => {
          const all = `${group.entity}.*`;
          const allChosen = value.includes(all);
          return (
            <Stack key={group.entity} gap={4}>
              <Checkbox
                label={<Text fw={600}>{t("webhooks.allOf", { entity: entityLabel(t, group.entity) })}</Text>}
                checked={allChosen}
                onChange={() => onChange(toggleSelector(value, all))}
              />
              <Group gap="sm" pl="lg">
                {group.types.map((type) => (
                  <Checkbox
                    key={type.type}
                    size="xs"
                    label={type.action}
                    title={type.description}
                    checked={allChosen || value.includes(type.type)}
                    disabled={allChosen}
                    onChange={() => onChange(toggleSelector(value, type.type))}
                  />
                ))}
              </Group>
            </Stack>
          );
        })}
      </Stack>
    </Input.Wrapper>
  );
}

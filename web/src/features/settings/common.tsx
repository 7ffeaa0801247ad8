import { Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { type FieldProblem, isApiError } from "../../api/problem";
import { fieldProblemMessage, problemMessage } from "../../ui/problemMessages";

interface SectionHeaderProps {
  title: string;
  description?: string;
  actions?: ReactNode;
}

/** Title row of a settings section with its primary actions. */
export function SectionHeader({ title, description, actions }: SectionHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start" gap="sm" mb="md">
      <Stack gap={2}>
        <Title order={3}>{title}</Title>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

/** Placeholder rows of the final height, so nothing jumps when the data arrives. */
export function RowsSkeleton({ rows = 5, height = 36 }: { rows?: number; height?: number }) {
  return (
    <Stack gap="xs" aria-hidden>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <Skeleton key={index} height={height} radius="sm" />
      ))}
    </Stack>
  );
}

export function notifySaved(t: TFunction, message?: string): void {
  notifications.show({ color: "green", message: message ?? t("settings.saved") });
}

/** Like `problemMessage`, with the settings area's own wording for its conflict codes. */
export function settingsProblemMessage(t: TFunction, error: unknown): string {
  const general = problemMessage(t, error);
  return isApiError(error) ? t(`settings.errors.${error.code}`, { defaultValue: general }) : general;
}

export function settingsFieldMessage(t: TFunction, problem: FieldProblem): string {
  const general = fieldProblemMessage(t, problem);
  return problem.code ? t(`settings.errors.${problem.code}`, { defaultValue: general }) : general;
}

export function notifyError(t: TFunction, error: unknown): void {
  notifications.show({ color: "red", message: settingsProblemMessage(t, error) });
}

/** `legalName` / `owner_id` → `Legal name` / `Owner id` for fields the server sends without a label. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A record type's translated name (falls back to the server's label). */
export function entityLabel(t: TFunction, entity: string, fallback?: string): string {
  return t(`settings.entity.${entity}`, { defaultValue: humanizeKey(fallback ?? entity) });
}

import { Button, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCake } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { RouterAnchor } from "../../ui/RouterAnchor";
import type { ContactPage, DealPage } from "./types";

interface SectionProps {
  title: string;
  count?: number | undefined;
  loading: boolean;
  empty: string;
  children: ReactNode;
  isEmpty: boolean;
}

/** A titled block with skeleton rows while loading and a quiet empty state. */
export function Section({ title, count, loading, empty, children, isEmpty }: SectionProps) {
  const id = `section-${title.replace(/\W+/g, "-")}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={id}>
      <Group gap="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {count ? (
          <Text c="dimmed" size="sm">
            {count}
          </Text>
        ) : null}
      </Group>
      {loading ? (
        <Stack gap="xs">
          <Skeleton height={52} radius="md" />
          <Skeleton height={52} radius="md" />
        </Stack>
      ) : isEmpty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
          {children}
        </Stack>
      )}
    </Stack>
  );
}

type Deal = DealPage["items"][number];

export function DealWithoutStepRow({ deal, onPlan }: { deal: Deal; onPlan: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li">
      <Group justify="space-between" gap="xs">
        <div style={{ minWidth: 0, flex: "1 1 160px" }}>
          <RouterAnchor to="/deals/$id" params={{ id: deal.id }} size="sm" fw={500} truncate>
            {deal.title}
          </RouterAnchor>
          {deal.amount && deal.currency ? (
            <Text size="xs" c="dimmed">
              {format.money(deal.amount, deal.currency)}
            </Text>
          ) : null}
        </div>
        <Button size="compact-sm" variant="light" onClick={onPlan}>
          {t("myDay.planNextStep")}
        </Button>
      </Group>
    </Paper>
  );
}

type Contact = ContactPage["items"][number];

export function BirthdayRow({ contact }: { contact: Contact }) {
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li">
      <Group gap="xs" wrap="nowrap">
        <IconCake size={18} aria-hidden color="var(--mantine-color-pink-6)" />
        <Text size="sm" fw={500} truncate>
          {contact.name}
        </Text>
      </Group>
    </Paper>
  );
}

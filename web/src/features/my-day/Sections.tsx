import { Button, Group, Paper, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCake } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { RouterAnchor } from "../../ui/RouterAnchor";
import type { MyDay } from "./myDayApi";

/** How many items a section has: all of them, or the first ones of a larger (possibly capped) total. */
export interface SectionCount {
  shown: number;
  total: number;
  capped?: boolean;
}

interface SectionProps {
  title: string;
  count?: SectionCount | undefined;
  loading: boolean;
  empty: string;
  children: ReactNode;
  isEmpty: boolean;
}

function CountLabel({ count }: { count: SectionCount }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (count.total === 0 && count.shown === 0) return null;
  const total = `${format.number(count.total)}${count.capped ? "+" : ""}`;
  const text =
    count.shown < count.total || count.capped
      ? t("myDay.shownOf", { shown: format.number(count.shown), total })
      : total;
  return (
    <Text c="dimmed" size="sm" data-testid="section-count">
      {text}
    </Text>
  );
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
        {count ? <CountLabel count={count} /> : null}
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

type Deal = MyDay["dealsWithoutNextStep"]["items"][number];

export function DealWithoutStepRow({ deal, onPlan }: { deal: Deal; onPlan: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const stageLine = deal.amount
    ? `${deal.stage} · ${format.money(deal.amount.amount, deal.amount.currency)}`
    : deal.stage;
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li">
      <Group justify="space-between" gap="xs">
        <div style={{ minWidth: 0, flex: "1 1 160px" }}>
          <RouterAnchor
            to="/deals/$id"
            params={{ id: deal.id }}
            size="sm"
            fw={500}
            display="block"
            truncate
            title={deal.title}
          >
            {deal.title}
          </RouterAnchor>
          <Text size="xs" c="dimmed" truncate title={stageLine}>
            {stageLine}
          </Text>
        </div>
        <Button size="compact-sm" variant="light" onClick={onPlan}>
          {t("myDay.planNextStep")}
        </Button>
      </Group>
    </Paper>
  );
}

type Birthday = MyDay["birthdays"]["items"][number];

export function BirthdayRow({ contact }: { contact: Birthday }) {
  return (
    <Paper withBorder radius="md" px="sm" py="xs" component="li">
      <Group gap="xs" wrap="nowrap">
        <IconCake size={18} aria-hidden color="var(--mantine-color-pink-6)" />
        <RouterAnchor
          to="/contacts/$id"
          params={{ id: contact.id }}
          size="sm"
          fw={500}
          display="block"
          truncate
          title={contact.name}
        >
          {contact.name}
        </RouterAnchor>
      </Group>
    </Paper>
  );
}

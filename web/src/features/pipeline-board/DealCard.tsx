import { ActionIcon, Badge, Group, Menu, Paper, Stack, Text, VisuallyHidden } from "@mantine/core";
import { IconCalendarDue, IconDots, IconHourglassHigh } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { DirectoryUser } from "../../ui/people/directory";
import { UserAvatar } from "../../ui/people/UserAvatar";
import { RouterAnchor } from "../../ui/RouterAnchor";
import classes from "./Board.module.css";
import type { BoardDeal, NextTask, Stage } from "./types";

export interface DealCardProps {
  deal: BoardDeal;
  companyName: string | undefined;
  owner: DirectoryUser | undefined;
  stages: readonly Stage[];
  onMoveTo?: (stageId: string) => void;
}

/**
 * The card's next step from the board answer: the deal's next open task (red when overdue), "no next step"
 * when it has none the user can read, nothing when the role cannot read tasks at all.
 */
function NextStep({ task }: { task: NextTask | null | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (task === undefined) return null;
  if (task === null) {
    return (
      <Text size="xs" c="orange">
        {t("board.noNextStep")}
      </Text>
    );
  }
  const due = task.dueAt ? format.date(task.dueAt) : null;
  const text = [due, task.title].filter(Boolean).join(" · ");
  return (
    <Group gap={4} wrap="nowrap" data-overdue={task.overdue ? "true" : undefined}>
      <IconCalendarDue
        size={14}
        aria-hidden
        color={task.overdue ? "var(--mantine-color-red-6)" : undefined}
      />
      <Text size="xs" c={task.overdue ? "red" : "dimmed"} truncate>
        {task.overdue ? <VisuallyHidden>{t("board.overdue")}: </VisuallyHidden> : null}
        {text || t("board.nextTask")}
      </Text>
    </Group>
  );
}

const DAY_MS = 86_400_000;

/** Whole days an open deal has sat in its stage beyond the stage's expected days; null when not rotting. */
export function daysInStageIfRotting(
  deal: BoardDeal,
  stages: readonly Stage[],
  now = Date.now(),
): number | null {
  const stage = stages.find((s) => s.id === deal.stageId);
  if (stage?.kind !== "open" || !stage.rotDays || !deal.stageEnteredAt) return null;
  const days = Math.floor((now - Date.parse(deal.stageEnteredAt)) / DAY_MS);
  return days > stage.rotDays ? days : null;
}

function Rotting({ days, expected }: { days: number; expected: number }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color="orange"
      size="sm"
      leftSection={<IconHourglassHigh size={12} aria-hidden />}
      title={t("board.rottingHint", { count: expected })}
      data-testid="deal-rotting"
    >
      {t("board.rotting", { count: days })}
    </Badge>
  );
}

/** The visible content of a board card (also used for the drag overlay). */
export function DealCardContent({ deal, companyName, owner, stages, onMoveTo }: DealCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount =
    deal.amount != null && deal.currency
      ? format.money(deal.amount, deal.currency)
      : deal.amount === undefined
        ? "—"
        : null;
  const rottingDays = daysInStageIfRotting(deal, stages);
  const expected = stages.find((s) => s.id === deal.stageId)?.rotDays ?? 0;
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap" gap={4} align="flex-start">
        <RouterAnchor
          to="/deals/$id"
          params={{ id: deal.id }}
          size="sm"
          fw={600}
          lineClamp={2}
          c="var(--mantine-color-text)"
        >
          {deal.title}
        </RouterAnchor>
        {onMoveTo ? (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={t("board.moveMenu", { title: deal.title })}
                onPointerDown={(event) => event.stopPropagation()}
                onKeyDown={(event) => event.stopPropagation()}
              >
                <IconDots size={14} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t("board.moveTo")}</Menu.Label>
              {stages
                .filter((stage) => stage.id !== deal.stageId)
                .map((stage) => (
                  <Menu.Item key={stage.id} onClick={() => onMoveTo(stage.id)}>
                    {stage.name}
                  </Menu.Item>
                ))}
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {companyName ? (
        <Text size="xs" c="dimmed" truncate>
          {companyName}
        </Text>
      ) : null}
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500}>
          {amount}
        </Text>
        <UserAvatar user={owner} size={22} />
      </Group>
      <NextStep task={deal.nextTask} />
      {rottingDays !== null ? <Rotting days={rottingDays} expected={expected} /> : null}
    </Stack>
  );
}

export function DealCardFrame({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <Paper withBorder radius="md" p="xs" className={[classes.card, className].filter(Boolean).join(" ")}>
      {children}
    </Paper>
  );
}

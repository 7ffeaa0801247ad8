import { ActionIcon, Group, Menu, Paper, Stack, Text } from "@mantine/core";
import { IconCalendarDue, IconDots } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { DirectoryUser } from "../../ui/people/directory";
import { UserAvatar } from "../../ui/people/UserAvatar";
import { RouterAnchor } from "../../ui/RouterAnchor";
import classes from "./Board.module.css";
import type { NextTask } from "./boardApi";
import type { BoardDeal, Stage } from "./types";

export interface DealCardProps {
  deal: BoardDeal;
  companyName: string | undefined;
  owner: DirectoryUser | undefined;
  nextTask: NextTask | undefined;
  stages: readonly Stage[];
  onMoveTo?: (stageId: string) => void;
}

/** The visible content of a board card (also used for the drag overlay). */
export function DealCardContent({ deal, companyName, owner, nextTask, stages, onMoveTo }: DealCardProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const amount =
    deal.amount != null && deal.currency
      ? format.money(deal.amount, deal.currency)
      : deal.amount === undefined
        ? "—"
        : null;
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
      {nextTask ? (
        <Group gap={4} wrap="nowrap">
          <IconCalendarDue
            size={14}
            aria-hidden
            color={nextTask.overdue ? "var(--mantine-color-red-6)" : undefined}
          />
          <Text size="xs" c={nextTask.overdue ? "red" : "dimmed"} truncate>
            {nextTask.dueAt ? `${format.date(nextTask.dueAt)} · ` : ""}
            {nextTask.title}
          </Text>
        </Group>
      ) : (
        <Text size="xs" c="orange">
          {t("board.noNextStep")}
        </Text>
      )}
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

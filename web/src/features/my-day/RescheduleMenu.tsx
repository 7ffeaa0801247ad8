import { ActionIcon, Button, Group, Menu, Popover, Stack } from "@mantine/core";
import { IconCalendarEvent, IconCalendarTime } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DateField } from "../../ui/dates/DateField";
import { addDays, fromIsoDate, todayIn, toIsoDate } from "../../ui/dates/dateMath";
import type { RescheduleTarget } from "./myDayModel";

interface RescheduleMenuProps {
  title: string;
  onReschedule: (target: RescheduleTarget) => void;
  /** The user's profile zone: "in two days" counts from their today. */
  timeZone?: string | undefined;
}

/** One click to tomorrow or next week; "Pick a date" opens a date field. */
export function RescheduleMenu({ title, onReschedule, timeZone }: RescheduleMenuProps) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [value, setValue] = useState<string | null>(() => toIsoDate(addDays(todayIn(timeZone), 2)));
  return (
    <Popover opened={picking} onChange={setPicking} position="bottom-end" withinPortal trapFocus>
      <Popover.Target>
        <div>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t("myDay.reschedule", { title })}>
                <IconCalendarTime size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => onReschedule("tomorrow")}>{t("myDay.tomorrow")}</Menu.Item>
              <Menu.Item onClick={() => onReschedule("nextWeek")}>{t("myDay.nextWeek")}</Menu.Item>
              <Menu.Item
                leftSection={<IconCalendarEvent size={14} aria-hidden />}
                onClick={() => setPicking(true)}
              >
                {t("myDay.pickDate")}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </div>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <DateField label={t("myDay.newDate")} value={value} onChange={setValue} data-autofocus />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setPicking(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              size="xs"
              onClick={() => {
                const date = value ? fromIsoDate(value) : null;
                if (!date) return;
                onReschedule({ date });
                setPicking(false);
              }}
            >
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

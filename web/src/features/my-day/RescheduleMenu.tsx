import { ActionIcon, Button, Group, Menu, Popover, Stack, TextInput } from "@mantine/core";
import { IconCalendarEvent, IconCalendarTime } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { addDays, fromIsoDate, toIsoDate } from "../calendar/dateMath";
import type { RescheduleTarget } from "./myDayModel";

interface RescheduleMenuProps {
  title: string;
  onReschedule: (target: RescheduleTarget) => void;
}

/** One click to tomorrow or next week; "Pick a date" opens a date field. */
export function RescheduleMenu({ title, onReschedule }: RescheduleMenuProps) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [value, setValue] = useState(() => toIsoDate(addDays(new Date(), 2)));
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
          <TextInput
            type="date"
            label={t("myDay.newDate")}
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setPicking(false)}>
              {t("common.cancel")}
            </Button>
            <Button
              size="xs"
              onClick={() => {
                const date = fromIsoDate(value);
                if (date) onReschedule({ date });
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

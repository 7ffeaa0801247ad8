import { Anchor, Group, Text } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { PhoneLink } from "../../ui/text/PhoneLink";
import { formatPhone } from "../../ui/text/phone";
import { recordPath } from "../records";
import type { MyDay } from "./myDayApi";

type DayTask = MyDay["overdue"]["items"][number];
export type AboutRecord = DayTask["about"][number];
export type DayPhone = NonNullable<DayTask["phone"]>;

/**
 * Whom a task or meeting is about — its linked contact, company and deal by name, each a link to its page — and
 * the number to call (click-to-call, formatted, never wrapped). The server sends only what the user may read.
 */
export function TaskAbout({ about, phone }: { about?: AboutRecord[]; phone?: DayPhone | null }) {
  const { t } = useTranslation();
  const records = about ?? [];
  if (records.length === 0 && !phone) return null;
  const owner = phone ? records.find((r) => r.entity === phone.entity && r.id === phone.id) : undefined;
  const number = phone ? formatPhone(phone, t("common.phoneExt")) : "";
  return (
    <Group gap={8} wrap="nowrap" data-testid="task-about" style={{ minWidth: 0 }}>
      {records.length > 0 ? (
        <Text
          size="xs"
          c="dimmed"
          truncate
          style={{ minWidth: 0 }}
          title={records.map((r) => r.title || t("myDay.untitled")).join(" · ")}
        >
          {records.map((r, i) => (
            <Fragment key={`${r.entity}:${r.id}`}>
              {i > 0 ? " · " : null}
              <Anchor
                component={Link}
                to={recordPath(r.entity, r.id) ?? "/"}
                size="xs"
                c="dimmed"
                underline="hover"
              >
                {r.title || t("myDay.untitled")}
              </Anchor>
            </Fragment>
          ))}
        </Text>
      ) : null}
      {phone ? (
        <PhoneLink
          phone={phone}
          size="xs"
          aria-label={
            owner?.title
              ? t("myDay.callName", { name: owner.title, phone: number })
              : t("myDay.call", { phone: number })
          }
        />
      ) : null}
    </Group>
  );
}

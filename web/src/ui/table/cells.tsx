import { Anchor, Avatar, Badge, Group, Text } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { PhoneLink } from "../text/PhoneLink";
import { formatPhoneNumber } from "../text/phone";
import { type TableEnvValue, useTableEnv } from "./TableEnv";
import type { ColumnSpec, RowBase } from "./types";
import { emailsOf, fieldValue, isEmptyValue, languageName, linksOf, phonesOf, stringList } from "./values";

type Format = ReturnType<typeof useFormat>;

function optionLabel(column: ColumnSpec, value: string): string {
  return column.options?.find((o) => o.value === value)?.label ?? value;
}

/** Plain-text rendering of a cell value (card list, chips, titles). */
export function textOf(column: ColumnSpec, row: RowBase, env: TableEnvValue, format: Format): string {
  const value = fieldValue(row, column.key);
  if (isEmptyValue(value)) return "";
  switch (column.type) {
    case "money": {
      const currency = env.currencyOf?.(row);
      return currency ? format.money(String(value), currency) : format.number(String(value));
    }
    case "number":
      return format.number(typeof value === "number" ? value : String(value));
    case "date":
      return format.date(`${String(value)}T12:00:00Z`);
    case "dateTime":
      return format.dateTime(String(value));
    case "phone":
      return phonesOf(value).map(formatPhoneNumber).join(", ");
    case "email":
      return emailsOf(value).join(", ");
    case "user":
      return env.users.get(String(value))?.name ?? "";
    case "link":
      return linksOf(value)
        .map((l) => l.name ?? env.linkName?.(column.linkEntity ?? "", l.id) ?? "")
        .join(", ");
    case "select":
      return optionLabel(column, String(value));
    case "multiSelect":
    case "tags":
      return stringList(value)
        .map((v) => optionLabel(column, v))
        .join(", ");
    default:
      if (typeof value === "object") return "";
      // A code the locale files label (a task's type): its label; one they do not (an admin's own type): as stored.
      if (column.options) return optionLabel(column, String(value));
      // A person's language is stored as its code (`sr-Latn`); people read its name.
      return column.key === "language" && !column.custom ? languageName(String(value)) : String(value);
  }
}

/**
 * Names and texts wrap onto a second line (a table row holds two) instead of being cut at the column's width;
 * what still does not fit ends with "…" and shows in full as a tooltip (as record links, kept on one line, do).
 */
const TWO_LINES = {
  lineClamp: 2,
  style: { whiteSpace: "normal", overflowWrap: "anywhere", lineHeight: 1.25, minWidth: 0 },
} as const;

function RecordAnchor({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Anchor
      component={Link}
      to={href}
      size="sm"
      truncate="end"
      title={typeof children === "string" ? children : undefined}
      onClick={(e) => e.stopPropagation()}
    >
      {children}
    </Anchor>
  );
}

/** A read-only cell, rendered according to the field type. */
/** `inline`: shown as a label's value (record pages, cards) rather than in a table column, so numbers are not
 * right-aligned to a column edge. */
export function CellValue({
  column,
  row,
  primary,
  inline,
}: {
  column: ColumnSpec;
  row: RowBase;
  primary?: string;
  inline?: boolean;
}) {
  const env = useTableEnv();
  const format = useFormat(env.timeZone);
  const { t } = useTranslation();
  const value = fieldValue(row, column.key);
  if (isEmptyValue(value)) return null;
  if (column.key === primary) {
    const href = env.rowHref?.(row);
    const text = textOf(column, row, env, format);
    return href ? <RecordAnchor href={href}>{text}</RecordAnchor> : <Text size="sm">{text}</Text>;
  }
  switch (column.type) {
    case "phone": {
      const phones = phonesOf(value);
      return (
        <Group gap={6} wrap="nowrap">
          {phones.slice(0, 2).map((p) => (
            <PhoneLink key={p.raw} phone={p} size="sm" />
          ))}
        </Group>
      );
    }
    case "email":
      return (
        <Group gap={6} wrap="nowrap">
          {emailsOf(value)
            .slice(0, 2)
            .map((email) => (
              <Anchor
                key={email}
                href={`mailto:${email}`}
                size="sm"
                {...TWO_LINES}
                title={email}
                onClick={(e) => e.stopPropagation()}
              >
                {email}
              </Anchor>
            ))}
        </Group>
      );
    case "url":
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm" truncate="end">
          {String(value).replace(/^https?:\/\//, "")}
        </Anchor>
      );
    case "tags":
    case "multiSelect":
      return (
        // Badges keep their whole label; the cell's tooltip lists them all when more do not fit.
        <Group gap={4} wrap="nowrap" title={textOf(column, row, env, format)}>
          {stringList(value).map((tag) => (
            <Badge key={tag} variant="light" size="sm" radius="sm" style={{ flexShrink: 0 }}>
              {optionLabel(column, tag)}
            </Badge>
          ))}
        </Group>
      );
    case "boolean":
      return value === true ? <IconCheck size={16} aria-label={t("table.yes")} /> : null;
    case "user": {
      const user = env.users.get(String(value));
      return (
        <Group gap={6} wrap="nowrap">
          <Avatar
            size={22}
            radius="xl"
            src={user?.avatarUrl ?? null}
            name={user?.name ?? ""}
            color="initials"
          />
          <Text size="sm" {...TWO_LINES} title={user?.name}>
            {user?.name ?? ""}
          </Text>
        </Group>
      );
    }
    case "link": {
      const entity = column.linkEntity ?? "";
      // One record, or several (a person's companies): each by name, linked to its page; shrinks with the column.
      return (
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {linksOf(value).map((l) => {
            const href = env.recordHref?.(entity, l.id);
            const name = l.name ?? env.linkName?.(entity, l.id) ?? "…";
            return href ? (
              <RecordAnchor key={l.id} href={href}>
                {name}
              </RecordAnchor>
            ) : (
              <Text key={l.id} size="sm">
                {name}
              </Text>
            );
          })}
        </Group>
      );
    }
    case "money":
    case "number":
      return (
        <Text
          size="sm"
          ta={inline ? "left" : "right"}
          w={inline ? undefined : "100%"}
          style={{ fontVariantNumeric: "tabular-nums" }}
        >
          {textOf(column, row, env, format)}
        </Text>
      );
    default: {
      const text = textOf(column, row, env, format);
      return (
        <Text size="sm" {...TWO_LINES} title={text}>
          {text}
        </Text>
      );
    }
  }
}

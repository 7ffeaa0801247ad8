import { Alert, Anchor, Group, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCopy } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { recordPath } from "./entityConfig";

type CheckBody = NonNullable<
  paths["/api/v1/duplicates/check"]["post"]["requestBody"]
>["content"]["application/json"];
/** A candidate in any entity's shape (each entity declares which parts it takes). */
export type DuplicateCandidate = CheckBody["candidate"];
type TaxIds = Extract<DuplicateCandidate, { taxIds?: unknown }>["taxIds"];

const TAX_KINDS = new Set(["INN", "KPP", "OGRN", "PIB", "MB", "BIN", "IIN", "VAT", "other"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const digits = (s: string) => s.replace(/\D/g, "").length;

/**
 * The parts of a form worth comparing yet: a name of 3+ characters, phones of 7+ digits, complete-looking
 * emails, tax ids of 5+ characters. Null when there is nothing to check (no request is made).
 */
export function checkableCandidate(c: {
  name?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  city?: string | null;
  country?: string | null;
  phones?: readonly string[];
  emails?: readonly string[];
  taxIds?: readonly { kind: string; value: string }[];
}): DuplicateCandidate | null {
  const trim = (s: string | undefined) => s?.trim() ?? "";
  const nameParts = [c.name, c.firstName, c.middleName, c.lastName].map(trim);
  const phones = (c.phones ?? []).map(trim).filter((p) => digits(p) >= 7);
  const emails = (c.emails ?? []).map(trim).filter((e) => EMAIL.test(e));
  const taxIds = (c.taxIds ?? [])
    .map((t) => ({ kind: t.kind, value: trim(t.value) }))
    .filter((t) => TAX_KINDS.has(t.kind) && t.value.replace(/[\s-]/g, "").length >= 5) as TaxIds;
  const hasName = nameParts.join(" ").trim().length >= 3;
  if (!hasName && phones.length === 0 && emails.length === 0 && (taxIds?.length ?? 0) === 0) return null;
  const country = trim(c.country ?? "").toUpperCase();
  return {
    ...(trim(c.name) ? { name: trim(c.name) } : {}),
    ...(trim(c.firstName) ? { firstName: trim(c.firstName) } : {}),
    ...(trim(c.middleName) ? { middleName: trim(c.middleName) } : {}),
    ...(trim(c.lastName) ? { lastName: trim(c.lastName) } : {}),
    city: trim(c.city ?? "") || null,
    ...(/^[A-Z]{2}$/.test(country) ? { country } : {}),
    phones: phones.slice(0, 10),
    emails: emails.slice(0, 10),
    ...(taxIds?.length ? { taxIds: taxIds.slice(0, 10) } : {}),
  };
}

/**
 * While a create form is filled in: existing records with the same phone, email or tax ID, or a very similar
 * name in the same city — the server's create-time duplicate rules (`POST /duplicates/check`), debounced.
 * The server still reports duplicates in the create response.
 */
export function DuplicateHint({
  entity,
  candidate,
}: {
  /** An entity whose definition declares the duplicateCheck capability. */
  entity: string;
  candidate: DuplicateCandidate | null;
}) {
  const { t } = useTranslation();
  const [key] = useDebouncedValue(candidate ? JSON.stringify(candidate) : null, 400);
  const matches = useQuery({
    queryKey: ["records", entity, "duplicate-check", key],
    enabled: key !== null,
    queryFn: async () =>
      (
        await unwrap(
          api.POST("/api/v1/duplicates/check", {
            body: { entity, candidate: JSON.parse(key ?? "{}") as DuplicateCandidate } as CheckBody,
          }),
        )
      ).matches,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const found = candidate && key ? (matches.data ?? []) : [];
  if (found.length === 0) return null;
  const onlyPhones = found.every((m) => m.reason === "phone");
  return (
    <Alert
      color="yellow"
      icon={<IconCopy size={18} />}
      title={t(onlyPhones ? "records.duplicates.beforeSave" : "records.duplicates.beforeSaveAny")}
      role="note"
    >
      <Group gap="sm" wrap="wrap">
        {found.map((record) => (
          <Group key={record.id} gap={4} wrap="nowrap">
            <Anchor component={Link} to={recordPath(entity, record.id) ?? "/"} size="sm">
              {record.name}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t(`records.duplicates.reasons.${record.reason}`)}
            </Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t("records.duplicates.beforeSaveHint")}
      </Text>
    </Alert>
  );
}

import { Code, Divider, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { RowsSkeleton } from "../settings";
import { type Attempt, deliveryQuery } from "./api";

const headerLines = (headers: Record<string, string> | null) =>
  Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");

function pretty(body: string | null): string {
  if (!body) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Every attempt of one delivery: the request as sent (headers, body) and the response excerpt. */
export function AttemptLog({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) {
  const { t } = useTranslation();
  const detail = useQuery(deliveryQuery(webhookId, deliveryId));
  if (detail.isPending) return <RowsSkeleton rows={2} height={60} />;
  const attempts = detail.data?.attemptLog ?? [];
  if (attempts.length === 0)
    return (
      <Text size="sm" c="dimmed" mt="xs">
        {detail.data?.lastError ?? t("webhooks.noAttempts")}
      </Text>
    );
  return (
    <Stack gap="sm" mt="xs">
      {[...attempts].reverse().map((attempt) => (
        <AttemptView key={attempt.attempt + attempt.attemptedAt} attempt={attempt} />
      ))}
    </Stack>
  );
}

function AttemptView({ attempt }: { attempt: Attempt }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap={4}>
      <Divider
        label={`${t("webhooks.attemptN", { n: attempt.attempt })}${attempt.manual ? ` (${t("webhooks.manual")})` : ""} · ${format.dateTime(attempt.attemptedAt)} · ${t("webhooks.duration", { ms: attempt.durationMs })}`}
        labelPosition="left"
      />
      <Text size="xs" fw={600}>
        {t("webhooks.request")}
      </Text>
      <Code block>{headerLines(attempt.requestHeaders)}</Code>
      <Code block style={{ maxHeight: 240, overflow: "auto" }}>
        {pretty(attempt.requestBody)}
      </Code>
      <Group gap="xs">
        <Text size="xs" fw={600}>
          {t("webhooks.response")}
        </Text>
        <Text size="xs">
          {attempt.responseStatus === null ? t("webhooks.noResponse") : `HTTP ${attempt.responseStatus}`}
        </Text>
      </Group>
      {attempt.error && (
        <Text size="xs" c="red">
          {attempt.error}
        </Text>
      )}
      {attempt.responseStatus !== null && (
        <>
          <Code block>{headerLines(attempt.responseHeaders)}</Code>
          {attempt.responseBody && (
            <Code block style={{ maxHeight: 200, overflow: "auto" }}>
              {attempt.responseBody}
            </Code>
          )}
        </>
      )}
    </Stack>
  );
}

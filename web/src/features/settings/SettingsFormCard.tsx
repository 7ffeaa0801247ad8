import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FormAlert } from "../../ui/FormAlert";
import { RowsSkeleton } from "./common";

/**
 * The card around a one-resource settings form: title, hint, the refusal no field shows, the fields (a skeleton
 * while the resource loads) and Save.
 */
export function SettingsFormCard(props: {
  title: string;
  hint: string;
  /** What `useSettingsForm` returns. */
  state: {
    settings: { isPending: boolean; data: unknown };
    save: { isPending: boolean };
    alert: string | null;
    submit: (event?: FormEvent<HTMLFormElement>) => void;
  };
  skeletonHeight?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { settings, save, alert, submit } = props.state;
  return (
    <Card withBorder padding="md">
      <form noValidate onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{props.title}</Title>
          <Text size="sm" c="dimmed">
            {props.hint}
          </Text>
          <FormAlert message={alert} />
          {settings.isPending ? (
            <RowsSkeleton rows={1} height={props.skeletonHeight ?? 36} />
          ) : (
            props.children
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!settings.data}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

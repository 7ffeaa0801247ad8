import {
  ActionIcon,
  Anchor,
  Badge,
  Breadcrumbs,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconLock, IconMail, IconPhone } from "@tabler/icons-react";
import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ErrorPage } from "../../ui/ErrorPage";
import { TableEnvProvider } from "../../ui/table/TableEnv";
import { emailsOf, phonesOf } from "../../ui/table/values";
import { formatPhone, telHref } from "../../ui/text/phone";
import { usePageTitle } from "../../ui/usePageTitle";
import { WriteLetterButton } from "../conversations";
import { FilesPanel } from "../files";
import { ActivityComposer } from "../timeline/index.composer";
import type { AnyRecord, EntityName } from "./api";
import { configOf } from "./entityConfig";
import { FieldGroups } from "./FieldGroups";
import { OwnerPicker } from "./OwnerPicker";
import { ActivityAndHistory } from "./RecordHistory";
import { RecordNotFound } from "./RecordNotFound";
import { useDeniedReason } from "./recordPermissions";
import { useFields } from "./useFields";
import { useRecord } from "./useRecord";
import { useFieldCommit } from "./useRecordList";
import { useTableEnvValue } from "./useTableEnvValue";

export interface RecordPageProps {
  entity: EntityName;
  id: string;
  listPath: string;
  listLabel: string;
  /** Badges and facts under the title. */
  facts?: (record: AnyRecord) => ReactNode;
  /** Related lists (left column, under the fields). */
  related?: (record: AnyRecord) => ReactNode;
  /** Fields shown in the header instead of the field groups. */
  hiddenFields?: readonly string[];
}

/** Shared record page: header with key facts, owner, quick contact actions; fields; related lists; timeline. */
export function RecordPage(props: RecordPageProps) {
  const { t } = useTranslation();
  const { entity, id } = props;
  const record = useRecord(entity, id);
  const { columns } = useFields(entity);
  const commit = useFieldCommit(entity);
  const env = useTableEnvValue(entity);
  const primary = configOf(entity).primary;
  const title = record.data ? String(record.data[primary] ?? "") : "";
  // The server says whether this user may change this record (`permissions.update`); if not, nothing is editable.
  const readOnly = useDeniedReason()(record.data, "update");
  usePageTitle(title || props.listLabel);

  if (record.notFound) return <RecordNotFound listPath={props.listPath} listLabel={props.listLabel} />;
  if (record.error) return <ErrorPage error={record.error} onRetry={() => void record.refetch()} />;
  const data = record.data;
  const phone = data ? phonesOf(data.phones)[0] : undefined;
  const email = data ? emailsOf(data.emails)[0] : undefined;

  return (
    <TableEnvProvider value={env}>
      <Stack gap="md">
        <Breadcrumbs>
          <Anchor component={Link} to={props.listPath} size="sm">
            {props.listLabel}
          </Anchor>
          {/* Cut at 240 px with "…"; the tooltip shows the whole name. */}
          <Text size="sm" truncate="end" maw={240} title={title}>
            {title}
          </Text>
        </Breadcrumbs>
        <Paper withBorder p="md" radius="md">
          {data ? (
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <Stack gap={6} style={{ minWidth: 0 }}>
                <Title order={1} size="h2" style={{ overflowWrap: "anywhere" }}>
                  {title}
                </Title>
                {props.facts?.(data)}
              </Stack>
              <Group gap="xs" wrap="wrap">
                {readOnly ? (
                  <Tooltip
                    label={readOnly}
                    multiline
                    maw={280}
                    events={{ hover: true, focus: true, touch: true }}
                  >
                    <Badge
                      variant="light"
                      color="gray"
                      leftSection={<IconLock size={12} />}
                      tabIndex={0}
                      data-testid="record-read-only"
                    >
                      {t("records.recordDenied.readOnly")}
                    </Badge>
                  </Tooltip>
                ) : null}
                {phone ? (
                  <Tooltip label={formatPhone(phone, t("common.phoneExt"))}>
                    <ActionIcon
                      component="a"
                      href={telHref(phone) ?? undefined}
                      size="lg"
                      variant="light"
                      aria-label={t("records.call", { phone: formatPhone(phone, t("common.phoneExt")) })}
                    >
                      <IconPhone size={18} />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
                {email ? (
                  <Tooltip label={email}>
                    <ActionIcon
                      component="a"
                      href={`mailto:${email}`}
                      size="lg"
                      variant="light"
                      aria-label={t("records.writeEmail", { email })}
                    >
                      <IconMail size={18} />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
                <WriteLetterButton entity={entity} id={id} email={email} />
                <OwnerPicker entity={entity} record={data} />
              </Group>
            </Group>
          ) : (
            <Stack gap="xs">
              <Skeleton height={28} width="40%" />
              <Skeleton height={18} width="60%" />
            </Stack>
          )}
        </Paper>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack gap="md">
              {data && columns.length > 0 ? (
                <FieldGroups
                  columns={readOnly ? columns.map((c) => ({ ...c, editable: false })) : columns}
                  record={data}
                  hidden={[primary, "ownerId", ...(props.hiddenFields ?? [])]}
                  onCommit={commit}
                />
              ) : (
                <Skeleton height={240} radius="md" />
              )}
              {data ? props.related?.(data) : null}
              {data ? <FilesPanel entity={entity} id={id} /> : null}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="md">
              <Paper withBorder p="md" radius="md">
                <ActivityComposer entity={entity} id={id} />
              </Paper>
              <Paper withBorder p="md" radius="md">
                <ActivityAndHistory entity={entity} id={id} />
              </Paper>
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </TableEnvProvider>
  );
}

import { Anchor, Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { Contact } from "../records";
import { CreateDealButton } from "../records/index.create";
import { RecordPage, RelatedList, RelatedTasks } from "../records/index.page";
import { SmsPanel } from "../sms";

const route = getRouteApi("/app/contacts/$id");

function Companies({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const list = contact.companies ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h5" mb="xs">
        {t("nav.companies")} ({list.length})
      </Title>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("records.noRelated")}
        </Text>
      ) : (
        <Stack gap={4}>
          {list.map((m) => (
            <Group key={m.companyId} gap="xs">
              <Anchor component={Link} to={`/companies/${m.companyId}`} size="sm">
                {m.name}
              </Anchor>
              {m.role ? (
                <Text size="xs" c="dimmed">
                  {m.role}
                </Text>
              ) : null}
              {m.isPrimary ? (
                <Badge size="xs" variant="light">
                  {t("records.primary")}
                </Badge>
              ) : null}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export function ContactPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  return (
    <RecordPage
      key={id}
      entity="contacts"
      id={id}
      listPath="/contacts"
      listLabel={t("nav.contacts")}
      facts={(contact) => {
        const primary =
          (contact as Contact).companies?.find((c) => c.isPrimary) ?? (contact as Contact).companies?.[0];
        return (
          <Text size="sm" c="dimmed">
            {[typeof contact.position === "string" ? contact.position : null, primary?.name]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        );
      }}
      related={(contact) => (
        <>
          <Companies contact={contact as Contact} />
          <SmsPanel contactId={id} phones={(contact as Contact).phones ?? []} />
          <RelatedList
            title={t("nav.deals")}
            entity="deals"
            query={{
              filter: JSON.stringify({ field: "contactId", op: "eq", value: id }),
              sort: "-createdAt",
            }}
            action={<CreateDealButton contactId={id} />}
          />
          <RelatedTasks entity="contacts" id={id} />
        </>
      )}
    />
  );
}

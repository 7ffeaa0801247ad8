import { Badge, Group, Text } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { enumLabel } from "../../i18n/enumLabel";
import { stringList } from "../../ui/table/values";
import { CreateContactButton, CreateDealButton } from "../records/index.create";
import { RecordPage, RelatedList, RelatedTasks } from "../records/index.page";

const route = getRouteApi("/app/companies/$id");

export function CompanyPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  return (
    <RecordPage
      key={id}
      entity="companies"
      id={id}
      listPath="/companies"
      listLabel={t("nav.companies")}
      facts={(company) => (
        <Group gap={6}>
          {stringList(company.types).map((type) => (
            <Badge key={type} variant="light">
              {enumLabel(t, "types", type)}
            </Badge>
          ))}
          {typeof company.industry === "string" ? (
            <Text size="sm" c="dimmed">
              {company.industry}
            </Text>
          ) : null}
        </Group>
      )}
      related={() => (
        <>
          <RelatedList
            title={t("nav.contacts")}
            entity="contacts"
            query={{ companyId: id, sort: "name" }}
            action={<CreateContactButton companyId={id} />}
          />
          <RelatedList
            title={t("nav.deals")}
            entity="deals"
            query={{
              filter: JSON.stringify({ field: "companyId", op: "eq", value: id }),
              sort: "-createdAt",
            }}
            action={<CreateDealButton companyId={id} />}
          />
          <RelatedTasks entity="companies" id={id} />
        </>
      )}
    />
  );
}

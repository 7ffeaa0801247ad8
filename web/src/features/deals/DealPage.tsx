import { Anchor, Badge, Group, Text } from "@mantine/core";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { AnyRecord } from "../records/api";
import { usePipelines } from "../records/lookups";
import { RecordPage } from "../records/RecordPage";
import { RelatedTasks } from "../records/RelatedTasks";

const route = getRouteApi("/app/deals/$id");

function DealFacts({ deal }: { deal: AnyRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pipelines = usePipelines();
  const stage = pipelines.flatMap((p) => p.stages).find((s) => s.id === deal.stageId);
  const amount =
    typeof deal.amount === "string" && typeof deal.currency === "string"
      ? format.money(deal.amount, deal.currency)
      : null;
  return (
    <Group gap="sm">
      {amount ? (
        <Text fw={600} size="lg">
          {amount}
        </Text>
      ) : null}
      {stage ? (
        <Badge
          color={stage.kind === "won" ? "green" : stage.kind === "lost" ? "red" : "blue"}
          variant="light"
        >
          {stage.name}
        </Badge>
      ) : null}
      {typeof deal.probability === "number" ? (
        <Text size="sm" c="dimmed">
          {t("deals.probability", { value: deal.probability })}
        </Text>
      ) : null}
      {typeof deal.companyId === "string" ? (
        <Anchor component={Link} to={`/companies/${deal.companyId}`} size="sm">
          {t("fields.deals.companyId")}
        </Anchor>
      ) : null}
    </Group>
  );
}

export function DealPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  return (
    <RecordPage
      key={id}
      entity="deals"
      id={id}
      listPath="/deals"
      listLabel={t("nav.deals")}
      hiddenFields={["amount", "currency", "stageId", "pipelineId"]}
      facts={(deal) => <DealFacts deal={deal} />}
      related={() => <RelatedTasks entity="deals" id={id} />}
    />
  );
}

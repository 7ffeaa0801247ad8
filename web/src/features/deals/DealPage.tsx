import { Anchor, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { problemMessage } from "../../ui/problemMessages";
import { useTableEnv } from "../../ui/table/TableEnv";
import { type AnyRecord, patchRecord, recordKey } from "../records";
import { RecordPage, RelatedTasks } from "../records/index.page";
import { DealMoney } from "./DealMoney";
import { DealStage } from "./DealStage";
import { useDealFieldAccess } from "./useDealFieldAccess";

const route = getRouteApi("/app/deals/$id");

/** After a change of amount or stage: the page shows the saved deal, lists, board and history refetch. */
function useDealSaved() {
  const client = useQueryClient();
  return async (saved: AnyRecord) => {
    client.setQueryData(recordKey("deals", saved.id), saved);
    await Promise.all([
      client.invalidateQueries({ queryKey: ["records", "deals"], predicate: (q) => q.queryKey[2] !== "one" }),
      client.invalidateQueries({ queryKey: ["pipelines"] }),
    ]);
  };
}

function DealFacts({ deal }: { deal: AnyRecord }) {
  const { t } = useTranslation();
  const access = useDealFieldAccess(deal);
  const env = useTableEnv();
  const saved = useDealSaved();
  const saveMoney = async (body: { amount: string | null; currency: string | null }) =>
    saved(await patchRecord("deals", deal.id, body));
  const move = async (stageId: string, lostReason?: string) => {
    try {
      const moved = await unwrap(
        api.POST("/api/v1/deals/{id}/move", {
          params: { path: { id: deal.id } },
          body: { stageId, ...(lostReason ? { lostReason } : {}) },
        }),
      );
      await saved(moved as AnyRecord);
      notifications.show({ color: "green", message: t("deals.stageChanged") });
    } catch (error) {
      notifications.show({ color: "red", title: t("board.moveFailed"), message: problemMessage(t, error) });
    }
  };
  return (
    <Group gap="sm">
      {access ? (
        <>
          <DealMoney
            deal={deal}
            access={{ amount: access("amount"), currency: access("currency") }}
            onSave={saveMoney}
          />
          <DealStage deal={deal} access={access("stageId")} onMove={move} />
        </>
      ) : null}
      {typeof deal.probability === "number" ? (
        <Text size="sm" c="dimmed">
          {t("deals.probability", { value: deal.probability })}
        </Text>
      ) : null}
      {typeof deal.companyId === "string" ? (
        <Anchor component={Link} to={`/companies/${deal.companyId}`} size="sm">
          {env.linkName?.("companies", deal.companyId) ?? t("fields.deals.companyId")}
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
      // Amount, currency and stage are edited in the header (money form, stage selector); the pipeline follows the stage.
      hiddenFields={["amount", "currency", "stageId", "pipelineId"]}
      facts={(deal) => <DealFacts deal={deal} />}
      related={() => <RelatedTasks entity="deals" id={id} />}
    />
  );
}

import { useTranslation } from "react-i18next";
import { CreateDealButton } from "../records/index.create";
import { RecordListPage } from "../records/index.list";

const SEARCH = ["title"] as const;

export function DealsPage() {
  const { t } = useTranslation();
  return (
    <RecordListPage
      entity="deals"
      title={t("nav.deals")}
      searchKeys={SEARCH}
      actions={<CreateDealButton />}
    />
  );
}

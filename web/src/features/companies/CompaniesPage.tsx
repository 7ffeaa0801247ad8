import { useTranslation } from "react-i18next";
import { CreateCompanyButton } from "../records/index.create";
import { RecordListPage } from "../records/index.list";

const SEARCH = ["name", "legalName", "phone"] as const;

export function CompaniesPage() {
  const { t } = useTranslation();
  return (
    <RecordListPage
      entity="companies"
      title={t("nav.companies")}
      searchKeys={SEARCH}
      actions={<CreateCompanyButton />}
    />
  );
}

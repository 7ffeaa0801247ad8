import { useTranslation } from "react-i18next";
import { CreateContactButton } from "../records/CreateButtons";
import { RecordListPage } from "../records/RecordListPage";

const SEARCH = ["name", "phone"] as const;

export function ContactsPage() {
  const { t } = useTranslation();
  return (
    <RecordListPage
      entity="contacts"
      title={t("nav.contacts")}
      searchKeys={SEARCH}
      actions={<CreateContactButton />}
    />
  );
}

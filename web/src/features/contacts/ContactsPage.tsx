import { useTranslation } from "react-i18next";
import { CreateContactButton } from "../records/index.create";
import { RecordListPage } from "../records/index.list";

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

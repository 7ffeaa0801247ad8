import { RecordFormDialog } from "../records/index.form";
import { companyForm } from "./companyForm";

export function CreateCompanyDialog({ onClose }: { onClose: () => void }) {
  return <RecordFormDialog spec={companyForm} onClose={onClose} />;
}

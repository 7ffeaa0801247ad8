import { RecordFormDialog } from "../records/form/RecordFormDialog";
import { companyForm } from "./companyForm";

export function CreateCompanyDialog({ onClose }: { onClose: () => void }) {
  return <RecordFormDialog spec={companyForm} onClose={onClose} />;
}

import { RecordFormDialog } from "../records/form/RecordFormDialog";
import { contactForm } from "./contactForm";

export function CreateContactDialog({ onClose }: { onClose: () => void }) {
  return <RecordFormDialog spec={contactForm} onClose={onClose} />;
}

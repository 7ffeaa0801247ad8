import { useQueryClient } from "@tanstack/react-query";
import { RecordFormDialog } from "../records/index.form";
import { contactForm } from "./contactForm";

/**
 * "New contact"; from a company's page (`companyId`) the person is prefilled as the company's (primary
 * membership) and the user stays on the company, whose contacts list shows them at once.
 */
export function CreateContactDialog({ onClose, companyId }: { onClose: () => void; companyId?: string }) {
  const client = useQueryClient();
  if (!companyId) return <RecordFormDialog spec={contactForm} onClose={onClose} />;
  return (
    <RecordFormDialog
      spec={contactForm}
      onClose={onClose}
      initial={{ companies: [{ companyId, role: "", isPrimary: true }] }}
      onSaved={() => void client.invalidateQueries({ queryKey: ["records", "contacts"] })}
    />
  );
}

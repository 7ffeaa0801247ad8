import { RecordFormDialog } from "../records/form/RecordFormDialog";
import { productForm } from "./productForm";

export function CreateProductDialog({ onClose }: { onClose: () => void }) {
  return <RecordFormDialog spec={productForm} onClose={onClose} />;
}

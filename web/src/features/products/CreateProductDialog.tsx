import { RecordFormDialog } from "../records/index.form";
import { productForm } from "./productForm";

export function CreateProductDialog({ onClose }: { onClose: () => void }) {
  return <RecordFormDialog spec={productForm} onClose={onClose} />;
}

import { Alert } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";

/** Form-level error (anything that is not about a single field); announced to screen readers. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />} role="alert">
      {message}
    </Alert>
  );
}

import { Button, type ButtonProps, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * An action the server says the user may not take on this record: shown, but disabled, with the server-side
 * reason in a tooltip (hover, focus or touch) — a disabled `<button>` would swallow the pointer events.
 */
export function DeniedButton({
  reason,
  children,
  ...props
}: ButtonProps & { reason: string; children: ReactNode }) {
  return (
    <Tooltip label={reason} multiline maw={280} events={{ hover: true, focus: true, touch: true }}>
      <Button {...props} data-disabled aria-disabled="true" onClick={(event) => event.preventDefault()}>
        {children}
      </Button>
    </Tooltip>
  );
}

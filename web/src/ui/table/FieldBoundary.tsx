import { Input } from "@mantine/core";
import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface BoundaryProps {
  /** Changing it (e.g. a new field definition) tries rendering the field again. */
  resetKey: string;
  fallback: ReactNode;
  children: ReactNode;
}

class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/**
 * One field that cannot render (a broken definition, an unexpected value) shows an inline error in its place
 * instead of taking the whole form or page down.
 */
export function FieldBoundary({
  label,
  resetKey,
  children,
}: {
  label: string;
  resetKey: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Boundary
      resetKey={resetKey}
      fallback={
        <Input.Wrapper label={label} error={t("table.fieldBroken")} role="alert">
          <span />
        </Input.Wrapper>
      }
    >
      {children}
    </Boundary>
  );
}

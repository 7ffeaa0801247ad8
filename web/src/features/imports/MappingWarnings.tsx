import { Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import type { MappingWarning } from "./types";

/** A column's warnings under its field: values the field refuses, or several values for a one-value field. */
export function MappingWarnings({ warnings }: { warnings: readonly MappingWarning[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (warnings.length === 0) return null;
  return (
    <>
      {warnings.map((w) => (
        <Text key={w.code} size="xs" c="orange.8" role="status" data-testid={`mapping-warning-${w.column}`}>
          <IconAlertTriangle size={12} aria-hidden style={{ verticalAlign: "-1px", marginInlineEnd: 4 }} />
          {t(`importWizard.warning.${w.code}`, {
            shown: format.number(w.count),
            checked: format.number(w.checked),
            example: w.example.length > 60 ? `${w.example.slice(0, 60)}…` : w.example,
          })}
        </Text>
      ))}
    </>
  );
}

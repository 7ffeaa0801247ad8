import { Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/useFormat";
import { getImportErrors } from "./importApi";

const SHOWN = 20;

/**
 * The first problems of the report, values exactly as they were in the file (the downloaded CSV escapes
 * formulas for spreadsheets; this display does not need to).
 */
export function ProblemList({ importId, version }: { importId: string; version: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const problems = useQuery({
    queryKey: ["imports", importId, "errors", version],
    queryFn: () => getImportErrors(importId, SHOWN),
  });
  const items = problems.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Table withTableBorder verticalSpacing={2} fz="xs" data-testid="import-problems">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("importWizard.problem.row")}</Table.Th>
          <Table.Th>{t("importWizard.problem.column")}</Table.Th>
          <Table.Th>{t("importWizard.problem.value")}</Table.Th>
          <Table.Th>{t("importWizard.problem.reason")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((p) => (
          <Table.Tr key={`${p.row}-${p.column}-${p.kind}`}>
            <Table.Td>{format.number(p.row)}</Table.Td>
            <Table.Td>{p.column}</Table.Td>
            <Table.Td maw={220} style={{ overflowWrap: "anywhere" }}>
              <Text span size="xs" ff="monospace">
                {p.value}
              </Text>
            </Table.Td>
            <Table.Td>{p.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      {problems.data?.nextCursor ? (
        <Table.Caption>{t("importWizard.problem.more", { shown: SHOWN })}</Table.Caption>
      ) : null}
    </Table>
  );
}

import { Group, Radio, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DateOrder } from "./importModel";
import type { ImportPreview } from "./types";

interface DateOrderQuestionsProps {
  preview: ImportPreview;
  columns: Record<string, string | null>;
  answers: Record<string, DateOrder>;
  onAnswer: (column: string, order: DateOrder) => void;
}

/**
 * For each imported column whose sample dates could read either way (08/07/2020), one question: day or month
 * first. The answer applies to the whole column.
 */
export function DateOrderQuestions({ preview, columns, answers, onAnswer }: DateOrderQuestionsProps) {
  const { t } = useTranslation();
  const ambiguous = Object.entries(preview.dateOrders)
    .filter(([column, order]) => order === "ambiguous" && columns[column])
    .map(([column]) => column);
  if (ambiguous.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="import-date-orders">
      {ambiguous.map((column) => {
        const header = preview.headers[Number(column)] ?? column;
        const sample = preview.rows
          .map((row) => row.cells[Number(column)] ?? "")
          .filter(Boolean)
          .slice(0, 2)
          .join(", ");
        return (
          <Radio.Group
            key={column}
            label={t("importWizard.dateOrder.question", { column: header })}
            description={t("importWizard.dateOrder.sample", { sample })}
            value={answers[column] ?? null}
            onChange={(value) => onAnswer(column, value as DateOrder)}
            withAsterisk
          >
            <Group gap="lg" mt="xs">
              <Radio value="dayFirst" label={t("importWizard.dateOrder.dayFirst")} />
              <Radio value="monthFirst" label={t("importWizard.dateOrder.monthFirst")} />
            </Group>
          </Radio.Group>
        );
      })}
    </Stack>
  );
}

import { Button, Group, Select, Skeleton, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { DateOrderQuestions } from "./DateOrderQuestions";
import { DelimiterPicker } from "./DelimiterPicker";
import classes from "./Imports.module.css";
import { checkMapping, getPreview } from "./importApi";
import { type DateOrder, mappingForServer, takenFields, unansweredDateColumns } from "./importModel";
import { MappingWarnings } from "./MappingWarnings";
import { NewFieldButton } from "./NewFieldButton";
import type { Delimiter, ImportJob } from "./types";

const ENCODINGS = ["utf-8", "windows-1251", "koi8-r", "utf-16le", "iso-8859-1"];

export interface MappingState {
  encoding?: string;
  delimiter?: Delimiter;
  columns: Record<string, string | null>;
  /** The preview's reading of each date column (ambiguous: the user must answer). */
  dates?: Record<string, DateOrder | "ambiguous">;
  /** The user's answers for the ambiguous date columns. */
  dateOrder?: Record<string, DateOrder>;
}

interface MappingStepProps {
  job: ImportJob;
  state: MappingState;
  onChange: (state: MappingState) => void;
  onBack: () => void;
  onNext: () => void;
}

/** Encoding/delimiter preview with overrides, then one field per column (server suggestions preselected). */
export function MappingStep({ job, state, onChange, onBack, onNext }: MappingStepProps) {
  const { t } = useTranslation();
  const override = {
    ...(state.encoding ? { encoding: state.encoding } : {}),
    ...(state.delimiter ? { delimiter: state.delimiter } : {}),
  };
  const preview = useQuery({
    queryKey: ["imports", job.id, "preview", override],
    queryFn: () => getPreview(job.id, override),
  });
  const data = preview.data;
  const needsSuggestions = Object.keys(state.columns).length === 0;
  useEffect(() => {
    if (!data) return;
    // Start from the server's suggestions (column index → field), "don't import" for the rest; keep the preview's
    // date readings (they change with the encoding or delimiter) for the server's options.
    const datesChanged = JSON.stringify(data.dateOrders) !== JSON.stringify(state.dates ?? null);
    if (!needsSuggestions && !datesChanged) return;
    onChange({
      ...state,
      dates: data.dateOrders,
      ...(needsSuggestions
        ? {
            columns: Object.fromEntries(
              data.headers.map((_, index) => [String(index), data.mapping[String(index)] ?? null]),
            ),
          }
        : {}),
    });
  }, [data, needsSuggestions, onChange, state]);
  // The unsaved mapping checked against the file's first rows: warnings show under the columns concerned.
  const mapping = mappingForServer(state.columns);
  const check = useQuery({
    queryKey: ["imports", job.id, "mapping-check", mapping, override, state.dateOrder ?? {}],
    queryFn: () =>
      checkMapping(job.id, {
        mapping,
        ...override,
        ...(state.dateOrder ? { options: { dateOrder: state.dateOrder } } : {}),
      }),
    enabled: Boolean(data) && Object.keys(mapping).length > 0,
    placeholderData: keepPreviousData,
  });
  const warningsOf = (column: string) =>
    (check.data?.warnings ?? []).filter((w) => w.column === column && w.field === state.columns[column]);
  const fieldOptions = (column: string) => {
    const taken = takenFields(state.columns, column);
    return [
      { value: "", label: t("importWizard.skipColumn") },
      ...(data?.fields ?? []).map((field) => ({
        value: field.key,
        label: field.custom
          ? field.label
          : // `company.website` → `fields.contacts.companyWebsite` (a dot would nest the key); import-only
            // targets (phone2, mobile, email2) have their own labels.
            t(`importWizard.targets.${field.key.replace(".", "_")}`, {
              defaultValue: t(
                `fields.${job.entity}.${field.key.replace(/\.(\w)/, (_, c: string) => c.toUpperCase())}`,
                { defaultValue: field.label },
              ),
            }),
        disabled: taken.has(field.key),
      })),
    ];
  };
  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end">
        <Select
          label={t("importWizard.encoding")}
          data={[...new Set([data?.encoding ?? job.encoding, ...ENCODINGS])]}
          value={state.encoding ?? data?.encoding ?? job.encoding}
          onChange={(encoding) => onChange({ ...state, ...(encoding ? { encoding } : {}) })}
          allowDeselect={false}
          w={180}
        />
        <DelimiterPicker
          value={state.delimiter ?? data?.delimiter ?? job.delimiter}
          onChange={(delimiter) => onChange({ ...state, delimiter })}
        />
        {data ? (
          <Text size="xs" c="dimmed">
            {t("importWizard.detected", {
              encoding: data.detectedEncoding,
              delimiter: data.detectedDelimiter === "\t" ? "TAB" : data.detectedDelimiter,
            })}
          </Text>
        ) : null}
      </Group>
      {preview.isPending ? (
        <Skeleton height={220} />
      ) : (
        <div className={classes.mappingTable}>
          <Table striped withTableBorder withColumnBorders verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("importWizard.column")}</Table.Th>
                <Table.Th>{t("importWizard.sample")}</Table.Th>
                <Table.Th>{t("importWizard.field")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(data?.headers ?? []).map((header, index) => {
                const column = String(index);
                return (
                  <Table.Tr key={column}>
                    <Table.Td fw={500}>{header}</Table.Td>
                    <Table.Td
                      c="dimmed"
                      maw={220}
                      style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                    >
                      {(data?.rows ?? [])
                        .slice(0, 3)
                        .map((row) => row.cells[index] ?? "")
                        .filter(Boolean)
                        .join(" · ")}
                    </Table.Td>
                    <Table.Td miw={200}>
                      <Select
                        aria-label={t("importWizard.fieldFor", { column: header })}
                        data={fieldOptions(column)}
                        value={state.columns[column] ?? ""}
                        onChange={(field) =>
                          onChange({ ...state, columns: { ...state.columns, [column]: field || null } })
                        }
                        searchable
                        allowDeselect={false}
                        size="xs"
                      />
                      <MappingWarnings warnings={warningsOf(column)} />
                      {!state.columns[column] && data?.newFieldTypes[column] ? (
                        <NewFieldButton
                          importId={job.id}
                          entity={job.entity}
                          header={header}
                          type={data.newFieldTypes[column]}
                          onCreated={(field) =>
                            onChange({ ...state, columns: { ...state.columns, [column]: field } })
                          }
                        />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {data ? (
        <DateOrderQuestions
          preview={data}
          columns={state.columns}
          answers={state.dateOrder ?? {}}
          onAnswer={(column, order) =>
            onChange({ ...state, dateOrder: { ...state.dateOrder, [column]: order } })
          }
        />
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t("common.back")}
        </Button>
        <Button
          onClick={onNext}
          disabled={!Object.values(state.columns).some(Boolean) || unansweredDateColumns(state).length > 0}
        >
          {t("common.continue")}
        </Button>
      </Group>
    </Stack>
  );
}

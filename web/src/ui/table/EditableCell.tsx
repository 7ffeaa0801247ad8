/** biome-ignore-all lint/a11y/noStaticElementInteractions: the cell trigger holds links, so it cannot be a <button>; it has role and keyboard handling */
/** biome-ignore-all lint/a11y/useAriaPropsSupportedByRole: the role is gridcell or button, both accept aria-label */
/** biome-ignore-all lint/a11y/useSemanticElements: a virtualized ARIA grid is built from divs (a <table> cannot hold absolutely positioned rows) */
/** biome-ignore-all lint/a11y/useFocusableInteractive: focus lives on the cells and controls inside rows and headers (ARIA grid pattern) */
import { Button, Group, Loader, Popover, Stack, Text } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/problem";
import { fieldProblemMessage, problemMessage } from "../problemMessages";
import { CellValue } from "./cells";
import classes from "./Table.module.css";
import type { ColumnSpec, RowBase } from "./types";
import { fieldValue, isEmptyValue, validateFieldValue } from "./values";

// The editors (date pickers, number and select inputs) load with the first edit, not with the table;
// pointing at or focusing an editable cell starts the download.
const loadFieldInput = () => import("./FieldInput");
const FieldInput = lazy(() => loadFieldInput().then((m) => ({ default: m.FieldInput })));
const preloadFieldInput = () => void loadFieldInput().catch(() => undefined);

export interface EditableCellProps {
  column: ColumnSpec;
  row: RowBase;
  primary?: string;
  onCommit: (row: RowBase, key: string, value: unknown) => Promise<void>;
  /** Outside a grid (record pages) the trigger is a plain focusable element. */
  standalone?: boolean;
}

function errorText(t: ReturnType<typeof useTranslation>["t"], error: unknown): string {
  if (isApiError(error) && error.fieldErrors.length > 0) {
    return error.fieldErrors.map((problem) => fieldProblemMessage(t, problem)).join(" ");
  }
  return problemMessage(t, error);
}

/**
 * A cell that opens an editor popover on double click, Enter or F2. The parent applies the change
 * optimistically and rolls it back when the server refuses it; the refusal is shown in the popover.
 */
export function EditableCell({ column, row, primary, onCommit, standalone }: EditableCellProps) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const open = () => {
    setDraft(fieldValue(row, column.key) ?? null);
    setError(null);
    setOpened(true);
  };
  const save = async () => {
    const problem = validateFieldValue(column, draft, column.key === primary);
    if (problem) {
      setError(t(problem));
      return;
    }
    setSaving(true);
    try {
      await onCommit(row, column.key, draft);
      setOpened(false);
    } catch (cause) {
      setError(errorText(t, cause));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      trapFocus
      withinPortal
      position="bottom-start"
      shadow="md"
      width={300}
    >
      <Popover.Target>
        <div
          className={`${classes.cell} ${classes.editable}`}
          // Beside a leading control (a task's checkbox) it takes the rest of the cell, not the cell's whole width.
          style={{ flex: "1 1 0", width: "100%", minWidth: 0, padding: 0, minHeight: 24 }}
          role={standalone ? "button" : "gridcell"}
          tabIndex={0}
          aria-label={t("table.editCell", { field: column.label })}
          onDoubleClick={open}
          onPointerEnter={preloadFieldInput}
          onFocus={preloadFieldInput}
          onKeyDown={(event) => {
            if (event.key === "Enter" || event.key === "F2") {
              event.preventDefault();
              open();
            }
          }}
        >
          {standalone && isEmptyValue(fieldValue(row, column.key)) ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            <CellValue column={column} row={row} primary={primary} inline={standalone} />
          )}
        </div>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Suspense fallback={<Loader size="sm" aria-label={t("table.loading")} />}>
            <FieldInput column={column} value={draft} onChange={setDraft} autoFocus onSubmit={save} />
          </Suspense>
          {error ? (
            <Text size="sm" c="red" role="alert">
              {error}
            </Text>
          ) : null}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpened(false)}>
              {t("table.cancel")}
            </Button>
            <Button size="xs" loading={saving} onClick={save}>
              {t("table.save")}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type CodeNames, enumOptions, labelledCodes } from "../../i18n/enumLabel";
import type { ColumnSpec, FieldType } from "../../ui/table/types";
import type { EntityName } from "./api";
import { configOf } from "./entityConfig";
import { customFieldsQuery, fieldMetaQuery } from "./listQueries";

const EDITABLE_TYPES = new Set<FieldType>([
  "text",
  "longText",
  "number",
  "money",
  "date",
  "dateTime",
  "boolean",
  "select",
  "multiSelect",
  "email",
  "url",
  "phone",
  "user",
  "tags",
]);

export { fieldMetaQuery } from "./listQueries";

const COLUMN_SHAPES = new Set<FieldType>(["email", "link"]);
const strip = ({ filterOnly: _, ...column }: ColumnSpec & { filterOnly: boolean }): ColumnSpec => column;

/**
 * Columns of an entity from the server's field metadata (standard + custom, minus hidden fields): custom
 * fields appear in tables, filters and record pages without new code.
 */
export function useFields(entity: EntityName, codeNames?: Readonly<Record<string, CodeNames>>) {
  const { t } = useTranslation();
  const meta = useQuery(fieldMetaQuery(entity));
  const custom = useQuery(customFieldsQuery(entity));
  const all = useMemo<Array<ColumnSpec & { filterOnly: boolean }>>(() => {
    const config = configOf(entity);
    const definitions = new Map((custom.data ?? []).map((d) => [`custom.${d.key}`, d]));
    return (meta.data ?? [])
      .filter((f) => f.key !== "id")
      .map((f) => {
        const definition = definitions.get(f.key);
        const type = f.type;
        // A standard text field holding codes the locale files label (a task's `type`) shows and filters by label;
        // codes the server names (an administrator's own task types, `codeNames`) by their names.
        const names = codeNames?.[f.key];
        const labelled = f.options ?? (f.custom || type !== "text" ? undefined : labelledCodes(t, f.key));
        const codes = names && labelled ? [...new Set([...labelled, ...names.keys()])] : labelled;
        const options = definition?.options
          ? definition.options
          : codes && enumOptions(t, f.key, codes, names);
        return {
          key: f.key,
          label: f.custom
            ? (f.label ?? definition?.label ?? f.key)
            : t(`fields.${entity}.${f.key}`, { defaultValue: f.label ?? f.key }),
          type,
          sortable: f.sortable,
          filterable: f.filterable,
          operators: f.operators,
          editable: f.access === "write" && EDITABLE_TYPES.has(type) && !config.readOnly.includes(f.key),
          custom: f.custom,
          ...(options ? { options } : {}),
          ...(f.linkEntity ? { linkEntity: f.linkEntity } : {}),
          ...(f.custom ? { group: definition?.group || "" } : {}),
          ...(f.conditionOnly ? { conditionOnly: true } : {}),
          ...(f.valueParts ? { valueParts: f.valueParts } : {}),
          filterOnly: f.filterOnly === true,
        };
      });
  }, [meta.data, custom.data, entity, t, codeNames]);
  // Forms, record pages, merge, reports and rules: the fields stored under their own key.
  const columns = useMemo(() => all.filter((f) => !f.filterOnly && !f.conditionOnly).map(strip), [all]);
  // The list table also shows filter-only fields presented under their key in a shape the cells render: e-mails
  // ([{kind, value}]) and linked records (a person's companies, memberships with names). Consent flags, messenger
  // handles and a company's city only filter.
  const listColumns = useMemo(
    () => all.filter((f) => !f.conditionOnly && (!f.filterOnly || COLUMN_SHAPES.has(f.type))).map(strip),
    [all],
  );
  // The filter builder offers every filterable field; the chips also name the drill-down conditions
  // (`passedStage`, `stageStay`) an analytics drill opens the list with.
  const chipFields = useMemo(() => all.filter((f) => f.filterable).map(strip), [all]);
  const filterFields = useMemo(() => chipFields.filter((f) => !f.conditionOnly), [chipFields]);
  return { columns, listColumns, filterFields, chipFields, loading: meta.isPending, error: meta.error };
}

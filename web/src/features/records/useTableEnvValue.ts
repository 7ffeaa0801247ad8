import { useQuery } from "@tanstack/react-query";
import { createElement, useCallback, useMemo, useRef, useState } from "react";
import type { TableEnvValue } from "../../ui/table/TableEnv";
import { meQueryOptions } from "../auth";
import { type EntityName, fetchList } from "./api";
import { useEntities } from "./entities";
import { recordPath } from "./entityConfig";
import { usePipelines, useUsers } from "./lookups";
import { RecordPicker, type RecordPickerProps } from "./RecordPicker";

const nameOf = (record: Record<string, unknown>): string =>
  typeof record.name === "string" ? record.name : typeof record.title === "string" ? record.title : "";

/**
 * Lookups for the cell renderers: users, pipeline/stage names, and names of linked records (fetched in batches
 * of up to 100 ids with an `id in [...]` filter, only for rows that are actually rendered).
 */
export function useTableEnvValue(entity: EntityName): TableEnvValue {
  const me = useQuery(meQueryOptions);
  const { users } = useUsers();
  const pipelines = usePipelines();
  const entities = useEntities();
  const readable = useMemo(() => new Set(entities.map((e) => e.name)), [entities]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const requested = useRef(new Set<string>());
  const pending = useRef(new Map<EntityName, Set<string>>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(async () => {
    timer.current = null;
    const batches = [...pending.current.entries()];
    pending.current = new Map();
    for (const [target, idSet] of batches) {
      const ids = [...idSet];
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        try {
          const page = await fetchList(target, {
            filter: JSON.stringify({ field: "id", op: "in", value: chunk }),
            limit: 100,
            total: "false",
          });
          setNames((old) => {
            const next = new Map(old);
            for (const id of chunk) next.set(`${target}:${id}`, "");
            for (const record of page.items) next.set(`${target}:${record.id}`, nameOf(record));
            return next;
          });
        } catch {
          // Names stay unknown ("…"); the link still works.
        }
      }
    }
  }, []);

  const stageNames = useMemo(() => {
    const map = new Map<string, string>();
    for (const pipeline of pipelines) {
      map.set(pipeline.id, pipeline.name);
      for (const stage of pipeline.stages) map.set(stage.id, stage.name);
    }
    return map;
  }, [pipelines]);

  const linkName = useCallback(
    (target: string, id: string) => {
      if (target === "pipelines") return stageNames.get(id);
      const key = `${target}:${id}`;
      const known = names.get(key);
      if (known !== undefined) return known;
      if (readable.has(target) && !requested.current.has(key)) {
        requested.current.add(key);
        const set = pending.current.get(target) ?? new Set<string>();
        set.add(id);
        pending.current.set(target, set);
        timer.current ??= setTimeout(() => void flush(), 15);
      }
      return undefined;
    },
    [names, stageNames, flush, readable],
  );

  return useMemo(
    () => ({
      timeZone: me.data?.timeZone,
      users,
      linkName,
      recordHref: recordPath,
      rowHref: (row) => recordPath(entity, row.id),
      currencyOf: (row) => (typeof row.currency === "string" ? row.currency : undefined),
      linkPicker: ({ entity: target, label, value, onChange }) =>
        createElement(RecordPicker, {
          entity: target as RecordPickerProps["entity"],
          label,
          value,
          onChange,
        }),
    }),
    [me.data?.timeZone, users, linkName, entity],
  );
}

import { NativeSelect, ScrollArea, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Grid, SCOPES, type Scope, setCell, setRow } from "./permissionModel";

interface PermissionGridProps {
  grid: Grid;
  entities: readonly string[];
  actions: readonly string[];
  onChange: (grid: Grid) => void;
  disabled?: boolean;
}

/** Entity × action matrix with a scope select per cell, plus one per row to set the whole entity. */
export function PermissionGrid({ grid, entities, actions, onChange, disabled }: PermissionGridProps) {
  const { t } = useTranslation();
  const scopeData = SCOPES.map((scope) => ({ value: scope, label: t(`settings.roles.scope.${scope}`) }));
  const entityLabel = (entity: string) => t(`settings.entity.${entity}`, { defaultValue: entity });
  const actionLabel = (action: string) => t(`settings.roles.action.${action}`, { defaultValue: action });
  return (
    <ScrollArea type="auto">
      <Table miw={160 + actions.length * 110} verticalSpacing={4} withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("settings.roles.entityColumn")}</Table.Th>
            <Table.Th>{t("settings.roles.allActions")}</Table.Th>
            {actions.map((action) => (
              <Table.Th key={action}>{actionLabel(action)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entities.map((entity) => {
            const row = actions.map((action) => grid[entity]?.[action] ?? "none");
            const uniform = row.every((scope) => scope === row[0]) ? row[0] : "";
            return (
              <Table.Tr key={entity}>
                <Table.Th scope="row">{entityLabel(entity)}</Table.Th>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    disabled={disabled}
                    aria-label={t("settings.roles.rowLabel", { entity: entityLabel(entity) })}
                    data={[{ value: "", label: t("settings.roles.mixed"), disabled: true }, ...scopeData]}
                    value={uniform ?? ""}
                    onChange={(event) =>
                      onChange(setRow(grid, entity, actions, event.currentTarget.value as Scope))
                    }
                  />
                </Table.Td>
                {actions.map((action) => (
                  <Table.Td key={action}>
                    <NativeSelect
                      size="xs"
                      disabled={disabled}
                      aria-label={t("settings.roles.cellLabel", {
                        entity: entityLabel(entity),
                        action: actionLabel(action),
                      })}
                      data={scopeData}
                      value={grid[entity]?.[action] ?? "none"}
                      onChange={(event) =>
                        onChange(setCell(grid, entity, action, event.currentTarget.value as Scope))
                      }
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

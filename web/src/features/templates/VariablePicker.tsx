import { Button, Menu, ScrollArea } from "@mantine/core";
import { IconBraces } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { templateVariablesQuery } from "./api";

/** Inserts `{{ namespace.path }}` for a variable the user may see (entity fields, custom fields, user). */
export function VariablePicker({ onPick }: { onPick: (variable: string) => void }) {
  const { t } = useTranslation();
  const vars = useQuery(templateVariablesQuery);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="light" size="xs" leftSection={<IconBraces size={14} aria-hidden />}>
          {t("templates.insertVariable")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={320}>
          {(vars.data?.namespaces ?? []).map((ns) => (
            <div key={ns.namespace}>
              <Menu.Label>{ns.namespace === "user" ? t("templates.userVariables") : ns.label}</Menu.Label>
              {ns.variables.map((v) => (
                <Menu.Item key={v.path} onClick={() => onPick(`{{ ${ns.namespace}.${v.path} }}`)}>
                  {v.label ?? v.path}
                  <code style={{ marginInlineStart: 8, opacity: 0.6 }}>
                    {ns.namespace}.{v.path}
                  </code>
                </Menu.Item>
              ))}
            </div>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

import { ActionIcon, Menu } from "@mantine/core";
import { IconFileImport, IconPlus } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { type ComponentType, lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { type EntityMeta, may, screensOf, useEntities, useEntityLabel } from "../records";

type Dialog = ComponentType<{ onClose: () => void }>;
const dialogs = new Map<string, Dialog>();

// The create forms load on first use, so the shell stays small.
function lazyDialog(entity: string, load: () => Promise<Dialog>): Dialog {
  let dialog = dialogs.get(entity);
  if (!dialog) {
    dialog = lazy(() => load().then((component) => ({ default: component })));
    dialogs.set(entity, dialog);
  }
  return dialog;
}

const byNavigation = (a: EntityMeta, b: EntityMeta) =>
  (a.navigation?.order ?? Number.MAX_SAFE_INTEGER) - (b.navigation?.order ?? Number.MAX_SAFE_INTEGER);

/**
 * "Create…" menu: one entry per entity the user may create that has a create form; each opens the form in
 * place, over the current screen, and the new record's page opens when it is saved.
 */
export function QuickCreateMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const label = useEntityLabel();
  const entities = useEntities();
  const creatable = useMemo(
    () => [...entities].filter((e) => may(e, "create") && screensOf(e.name).loadCreate).sort(byNavigation),
    [entities],
  );
  const [open, setOpen] = useState<string | null>(null);
  const close = () => setOpen(null);
  const openScreens = open ? screensOf(open) : null;
  const OpenDialog = open && openScreens?.loadCreate ? lazyDialog(open, openScreens.loadCreate) : null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="filled" size="lg" radius="xl" aria-label={t("quickCreate.open")}>
            <IconPlus size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t("quickCreate.open")}</Menu.Label>
          {creatable.map((entity) => {
            const Icon = screensOf(entity.name).icon;
            return (
              <Menu.Item
                key={entity.name}
                leftSection={<Icon size={16} aria-hidden />}
                onClick={() => setOpen(entity.name)}
              >
                {t(`${entity.name}.create`, { defaultValue: label(entity, "singular") })}
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => void navigate({ to: "/import" })}
          >
            {t("quickCreate.import")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Suspense fallback={null}>{OpenDialog ? <OpenDialog onClose={close} /> : null}</Suspense>
    </>
  );
}

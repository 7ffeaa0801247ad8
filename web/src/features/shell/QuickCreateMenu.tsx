import { ActionIcon, Menu } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAddressBook,
  IconBuilding,
  IconChecklist,
  IconCoin,
  IconFileImport,
  IconPlus,
} from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";

// The create forms load on first use, so the shell stays small.
const CreateCompanyDialog = lazy(() =>
  import("../companies/CreateCompanyDialog").then((m) => ({ default: m.CreateCompanyDialog })),
);
const CreateContactDialog = lazy(() =>
  import("../contacts/CreateContactDialog").then((m) => ({ default: m.CreateContactDialog })),
);
const CreateDealDialog = lazy(() =>
  import("../deals/CreateDealDialog").then((m) => ({ default: m.CreateDealDialog })),
);
const CreateTaskDialog = lazy(() =>
  import("../tasks/CreateTaskDialog").then((m) => ({ default: m.CreateTaskDialog })),
);

type Kind = "company" | "contact" | "deal" | "task";

const ITEMS = [
  { key: "company", icon: IconBuilding },
  { key: "contact", icon: IconAddressBook },
  { key: "deal", icon: IconCoin },
  { key: "task", icon: IconChecklist },
] as const satisfies ReadonlyArray<{ key: Kind; icon: unknown }>;

/**
 * "Create…" menu: each entry opens the create form in place, over the current screen, and the new record's
 * page opens when it is saved (the company, contact and deal dialogs navigate themselves).
 */
export function QuickCreateMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Kind | null>(null);
  const close = () => setOpen(null);

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
          {ITEMS.map((item) => (
            <Menu.Item
              key={item.key}
              leftSection={<item.icon size={16} aria-hidden />}
              onClick={() => setOpen(item.key)}
            >
              {t(`quickCreate.${item.key}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconFileImport size={16} aria-hidden />}
            onClick={() => void navigate({ to: "/import" })}
          >
            {t("quickCreate.import")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Suspense fallback={null}>
        {open === "company" ? <CreateCompanyDialog onClose={close} /> : null}
        {open === "contact" ? <CreateContactDialog onClose={close} /> : null}
        {open === "deal" ? <CreateDealDialog onClose={close} /> : null}
        {open === "task" ? (
          <CreateTaskDialog
            onClose={close}
            onCreated={(id) => {
              notifications.show({ color: "teal", message: t("quickCreate.taskCreated") });
              void navigate({ to: "/tasks/$id", params: { id } });
            }}
          />
        ) : null}
      </Suspense>
    </>
  );
}

import { Button, type ButtonProps, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { TaskLink, TaskType } from "../tasks";
import { may, useEntity, useEntityLabel } from "./entities";
import { screensOf } from "./screens";

// The create forms (date pickers, form state, pickers) load when first wanted, not with the list or record
// page that shows the button: hovering or focusing the button starts the download, clicking opens the form.
const loadCompany = () => import("../companies/CreateCompanyDialog");
const loadContact = () => import("../contacts/CreateContactDialog");
const loadDeal = () => import("../deals/CreateDealDialog");
const loadTask = () => import("../tasks/CreateTaskDialog");

const CreateCompanyDialog = lazy(() => loadCompany().then((m) => ({ default: m.CreateCompanyDialog })));
const CreateContactDialog = lazy(() => loadContact().then((m) => ({ default: m.CreateContactDialog })));
const CreateDealDialog = lazy(() => loadDeal().then((m) => ({ default: m.CreateDealDialog })));
const CreateTaskDialog = lazy(() => loadTask().then((m) => ({ default: m.CreateTaskDialog })));

function LazyCreateButton({
  entity,
  label,
  preload,
  size = "sm",
  variant = "filled",
  render,
}: {
  /** The entity created: without the create permission the button is disabled and says why. */
  entity: string;
  label: ReactNode;
  preload: () => Promise<unknown>;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
  /** The dialog (a lazy component, rendered inside Suspense) for the given close handler. */
  render: (onClose: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [opened, handlers] = useDisclosure(false);
  const meta = useEntity(entity);
  const warm = () => void preload().catch(() => undefined);
  if (meta && !may(meta, "create"))
    return (
      <Tooltip label={t("records.denied.create")}>
        <Button leftSection={<IconPlus size={16} />} size={size} variant={variant} disabled data-disabled>
          {label}
        </Button>
      </Tooltip>
    );
  return (
    <>
      <Button
        leftSection={<IconPlus size={16} />}
        onClick={handlers.open}
        onPointerEnter={warm}
        onFocus={warm}
        size={size}
        variant={variant}
      >
        {label}
      </Button>
      {opened ? <Suspense fallback={null}>{render(handlers.close)}</Suspense> : null}
    </>
  );
}

export function CreateCompanyButton() {
  const { t } = useTranslation();
  return (
    <LazyCreateButton
      entity="companies"
      label={t("companies.create")}
      preload={loadCompany}
      render={(onClose) => <CreateCompanyDialog onClose={onClose} />}
    />
  );
}

/** "New contact"; on a company page it is small ("Add contact") and makes the person the company's. */
export function CreateContactButton({ companyId }: { companyId?: string }) {
  const { t } = useTranslation();
  return (
    <LazyCreateButton
      entity="contacts"
      label={companyId ? t("contacts.add") : t("contacts.create")}
      preload={loadContact}
      size={companyId ? "xs" : "sm"}
      variant={companyId ? "light" : "filled"}
      render={(onClose) => <CreateContactDialog onClose={onClose} companyId={companyId} />}
    />
  );
}

/** "New deal"; on a company or contact page it is small and links the deal to that record. */
export function CreateDealButton({ companyId, contactId }: { companyId?: string; contactId?: string }) {
  const { t } = useTranslation();
  const onRecord = Boolean(companyId || contactId);
  return (
    <LazyCreateButton
      entity="deals"
      label={t("deals.create")}
      preload={loadDeal}
      size={onRecord ? "xs" : "sm"}
      variant={onRecord ? "light" : "filled"}
      render={(onClose) => <CreateDealDialog onClose={onClose} companyId={companyId} contactId={contactId} />}
    />
  );
}

/** "Plan a task" (or a meeting), optionally linked to a record. */
export function CreateTaskButton({
  link,
  type,
  label,
}: {
  link?: TaskLink;
  type?: TaskType;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <LazyCreateButton
      entity="tasks"
      label={label ?? t("tasks.create")}
      preload={loadTask}
      size={link ? "xs" : "sm"}
      variant={link ? "light" : "filled"}
      render={(onClose) => <CreateTaskDialog onClose={onClose} link={link} type={type} />}
    />
  );
}

const lazyCreate = new Map<string, ReturnType<typeof lazy<ComponentType<{ onClose: () => void }>>>>();

/** "New …" for any entity with a create form (its `screens.ts`). */
export function CreateRecordButton({ entity }: { entity: string }) {
  const { t } = useTranslation();
  const meta = useEntity(entity);
  const label = useEntityLabel();
  const load = screensOf(entity).loadCreate;
  if (!load || !meta) return null;
  let Dialog = lazyCreate.get(entity);
  if (!Dialog) {
    Dialog = lazy(() => load().then((component) => ({ default: component })));
    lazyCreate.set(entity, Dialog);
  }
  const Form = Dialog;
  return (
    <LazyCreateButton
      entity={entity}
      label={t(`${entity}.create`, { defaultValue: label(meta, "singular") })}
      preload={load}
      render={(onClose) => <Form onClose={onClose} />}
    />
  );
}

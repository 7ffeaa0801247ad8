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
// Each entity declares its dialog in its `screens.ts`; the buttons pass it the context of the page.
type DialogProps = { onClose: () => void } & Record<string, unknown>;
type Loader = () => Promise<ComponentType<DialogProps>>;
const lazyDialogs = new Map<string, ReturnType<typeof lazy<ComponentType<DialogProps>>>>();

/** The entity's create dialog with context (`loadCreateDialog`, else `loadCreate`), or none. */
function dialogLoader(entity: string): Loader | undefined {
  const screens = screensOf(entity);
  return (screens.loadCreateDialog ?? screens.loadCreate) as Loader | undefined;
}

function lazyDialog(entity: string, load: Loader) {
  let Dialog = lazyDialogs.get(entity);
  if (!Dialog) {
    Dialog = lazy(() => load().then((component) => ({ default: component })));
    lazyDialogs.set(entity, Dialog);
  }
  return Dialog;
}

/** A "New …" button of an entity that declares a create dialog, rendered before the entity list has loaded. */
function EntityCreateButton({
  entity,
  label,
  props,
  compact = false,
}: {
  entity: string;
  label: ReactNode;
  /** What the dialog is given besides `onClose`. */
  props?: Record<string, unknown>;
  /** Small and light, as on a record page. */
  compact?: boolean;
}) {
  const load = dialogLoader(entity);
  if (!load) return null;
  const Dialog = lazyDialog(entity, load);
  return (
    <LazyCreateButton
      entity={entity}
      label={label}
      preload={load}
      size={compact ? "xs" : "sm"}
      variant={compact ? "light" : "filled"}
      render={(onClose) => <Dialog onClose={onClose} {...props} />}
    />
  );
}

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
  return <EntityCreateButton entity="companies" label={t("companies.create")} />;
}

/** "New contact"; on a company page it is small ("Add contact") and makes the person the company's. */
export function CreateContactButton({ companyId }: { companyId?: string }) {
  const { t } = useTranslation();
  return (
    <EntityCreateButton
      entity="contacts"
      label={companyId ? t("contacts.add") : t("contacts.create")}
      props={{ companyId }}
      compact={Boolean(companyId)}
    />
  );
}

/** "New deal"; on a company or contact page it is small and links the deal to that record. */
export function CreateDealButton({ companyId, contactId }: { companyId?: string; contactId?: string }) {
  const { t } = useTranslation();
  return (
    <EntityCreateButton
      entity="deals"
      label={t("deals.create")}
      props={{ companyId, contactId }}
      compact={Boolean(companyId || contactId)}
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
    <EntityCreateButton
      entity="tasks"
      label={label ?? t("tasks.create")}
      props={{ link, type }}
      compact={Boolean(link)}
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

import { ActionIcon, Modal, Tooltip } from "@mantine/core";
import { IconMailForward } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMailboxes } from "./useMailboxes";

const Composer = lazy(() => import("./Composer").then((m) => ({ default: m.Composer })));

/**
 * "Write a letter" on a record page: a new letter from one of the user's mailboxes to the record's address,
 * linked to the record (the composer loads on first use). Hidden while the user has no mailbox.
 */
export function WriteLetterButton(props: { entity: string; id: string; email: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mailboxes = useMailboxes();
  const [open, setOpen] = useState(false);
  if (mailboxes.length === 0) return null;
  return (
    <>
      <Tooltip label={t("conversations.writeLetter")}>
        <ActionIcon
          size="lg"
          variant="light"
          aria-label={t("conversations.writeLetter")}
          onClick={() => setOpen(true)}
        >
          <IconMailForward size={18} />
        </ActionIcon>
      </Tooltip>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("conversations.newLetter")} size="xl">
        {open ? (
          <Suspense fallback={null}>
            <Composer
              mode={{
                kind: "new",
                to: props.email ? [props.email] : [],
                links: [{ entity: props.entity, id: props.id }],
              }}
              record={{ entity: props.entity, id: props.id }}
              onCancel={() => setOpen(false)}
              onDone={(conversationId) => {
                setOpen(false);
                void navigate({ to: "/conversations/$id", params: { id: conversationId } });
              }}
            />
          </Suspense>
        ) : null}
      </Modal>
    </>
  );
}

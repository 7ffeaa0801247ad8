import type { DB } from "../../platform/db/schema.js";

/** Mailboxes: personal (owner) or shared (team grants); sealed password; sync state, backoff and lease. */
export type MailboxesTable = DB["mailboxes"];
/** Synced folders: UIDVALIDITY + last UID per (mailbox, role) — the exactly-once cursor. */
export type MailboxFoldersTable = DB["mailbox_folders"];
export type MailThreadsTable = DB["mail_threads"];
/** Received and sent messages; unique (mailbox, Message-ID) and (folder, UIDVALIDITY, UID). */
export type MailMessagesTable = DB["mail_messages"];

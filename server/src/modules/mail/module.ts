import { blobStore } from "../../platform/files/blobs.js";
import type { AppModule } from "../../platform/http/types.js";
import { mailTriggers } from "./automation-triggers.js";
import { contactAddressesConsumer } from "./consumers.js";
import { mailEvents } from "./events.js";
import { mailboxRoutes } from "./routes.js";
import { mailTimelineSource } from "./timeline.js";
import { MailSyncWorker } from "./worker.js";

/**
 * Mailboxes synced over IMAP (personal and shared), the message store, threads and their record links, "Not in
 * CRM", and mail threads on record timelines. See README.md.
 */
export const mailboxesModule: AppModule = {
  name: "mailboxes",
  events: mailEvents,
  routes: mailboxRoutes,
  consumers: () => [contactAddressesConsumer() as never],
  timelineSources: [mailTimelineSource],
  automationTriggers: mailTriggers,
  services: (deps, log) => {
    const worker = new MailSyncWorker({
      db: deps.db,
      secrets: deps.secrets,
      blobs: blobStore(deps.config),
      entities: deps.entities,
      jobs: deps.jobs,
      allow: deps.config.outboundAllowHosts,
      log,
    });
    return [{ name: "mail-sync", start: () => worker.start(), stop: () => worker.stop() }];
  },
};

export { classifyConnectionError, mailConnectionError } from "./connection.js";
export { sanitizeMailHtml, snippetOf, splitReply, stripSubjectPrefixes, subjectKey } from "./content.js";
export { mailboxCredentials } from "./credentials.js";
export { mailboxEvents, mailMessageEvents, mailThreadEvents } from "./events.js";
export { addThreadLinks } from "./linking.js";
export { linkThreadToRecord, unlinkThreadFromRecord } from "./links-service.js";
export { storeOutgoingMessage } from "./outgoing.js";
export { type MailAddress, type ParsedMessage, parseMessage } from "./parse.js";
export { canManageMailbox, mailboxAccess, threadFullAccess, threadVisibility } from "./visibility.js";

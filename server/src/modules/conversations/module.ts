import { registerBlobReference } from "../../platform/files/blob-refs.js";
import { blobStore } from "../../platform/files/blobs.js";
import type { AppModule } from "../../platform/http/types.js";
import { openAttachment } from "../files/module.js";
import { conversationFileRoutes, conversationUploadRoute } from "./file-routes.js";
import { conversationRoutes } from "./routes.js";
import { sendJob } from "./send-job.js";
import type { DescribeRecordFile, SendServiceDeps } from "./send-service.js";

// Blobs of letters the CRM sends or receives, and of uploads not sent yet, survive the files GC.
registerBlobReference({ table: "mail_uploads", column: "blob_sha256" });
registerBlobReference({ table: "mail_attachments", column: "sha256" });

/**
 * E-mail conversations: the inbox, threads, read state, assignment, privacy, and sending (reply, reply-all,
 * forward, new letters) through an idempotent job over the mailbox's SMTP, filed in its Sent folder.
 * Mailboxes, sync and linking are the `mail` module's.
 */
export const conversationsModule: AppModule = {
  name: "conversations",
  async routes(app, deps) {
    const describeRecordFile: DescribeRecordFile = async (trx, ctx, fileId) => {
      try {
        const { file, stream } = await openAttachment(trx, ctx, deps, fileId);
        stream.destroy();
        return {
          fileId: file.id,
          name: file.name,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
        };
      } catch {
        return null;
      }
    };
    const send: SendServiceDeps = { jobs: deps.jobs, describeRecordFile };
    conversationRoutes(app, deps.db, send);
    const store = blobStore(deps.config);
    conversationFileRoutes(app, deps, store);
    await app.register(async (scoped) => conversationUploadRoute(scoped as typeof app, deps, store));
  },
  jobs: (deps) => {
    const store = blobStore(deps.config);
    return [
      sendJob({
        db: deps.db,
        secrets: deps.secrets,
        allow: deps.config.outboundAllowHosts,
        openBlob: (sha256) => store.get(sha256),
      }) as never,
    ];
  },
};
export { maySendFrom, sendFromMailbox } from "./automation-send.js";

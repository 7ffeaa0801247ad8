import { requestContext } from "../../platform/http/authorize.js";
import { listQuery } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { auditListQuery, auditListResponse, recordHistoryParams } from "./schemas.js";
import { recordHistory, searchAuditLog } from "./service.js";

export function auditRoutes(app: App, { db }: AppDeps): void {
  app.get(
    "/api/v1/audit-log",
    {
      config: { access: access.admin("audit.read") },
      schema: {
        tags: ["audit"],
        summary: "Search the audit log (newest first)",
        querystring: auditListQuery,
        response: { 200: auditListResponse },
      },
    },
    async (request) => searchAuditLog(db, requestContext(request), request.query),
  );

  app.get(
    "/api/v1/audit-log/records/:entity/:id",
    {
      config: { access: access.authenticated() },
      schema: {
        tags: ["audit"],
        summary: "A record's change history (readable by whoever can read the record)",
        params: recordHistoryParams,
        querystring: listQuery,
        response: { 200: auditListResponse },
      },
    },
    async (request) =>
      recordHistory(db, requestContext(request), request.params.entity, request.params.id, request.query),
  );
}

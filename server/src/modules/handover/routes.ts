import { registeredEntities } from "../../platform/access/entities.js";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { deactivateUser, handoverPlan } from "./deactivate.js";
import { reassign } from "./reassign.js";
import { orphanedWork } from "./repository.js";
import {
  deactivateBody,
  deactivateResponse,
  handoverPlanResponse,
  orphanedResponse,
  reassignBody,
  reassignResponse,
} from "./schemas.js";

export function handoverRoutes(app: App, { db }: AppDeps): void {
  app.post(
    "/api/v1/reassign",
    {
      // The entity is in the body: the `assign` scope is checked per record by the service.
      config: { access: access.authenticated() },
      schema: {
        tags: ["handover"],
        summary: "Give records to another user (needs assign permission on each)",
        body: reassignBody,
        response: { 200: reassignResponse },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => reassign(trx, ctx, request.body));
    },
  );

  app.get(
    "/api/v1/users/:id/handover-plan",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags: ["handover"],
        summary: "What a user owns that must be handed over before deactivation",
        params: idParams,
        response: { 200: handoverPlanResponse },
      },
    },
    async (request) => handoverPlan(db, request.params.id),
  );

  app.post(
    "/api/v1/users/:id/deactivate",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags: ["handover"],
        summary: "Deactivate a user, handing their records over in one transaction",
        params: idParams,
        body: deactivateBody,
        response: { 200: deactivateResponse },
      },
    },
    async (request) => {
      const ctx = requestContext(request);
      return db.transaction().execute((trx) => deactivateUser(trx, ctx, request.params.id, request.body));
    },
  );

  app.get(
    "/api/v1/settings/orphaned-records",
    {
      config: { access: access.admin("users.manage") },
      schema: {
        tags: ["handover"],
        summary: "Records whose owner is deactivated (should be empty)",
        response: { 200: orphanedResponse },
      },
    },
    async () => {
      const items = [];
      for (const e of registeredEntities()) {
        const owners = await orphanedWork(db, e);
        const count = owners.reduce((n, o) => n + o.count, 0);
        if (count > 0) items.push({ entity: e.name, label: e.handoverLabel ?? e.name, count, owners });
      }
      return { items };
    },
  );
}

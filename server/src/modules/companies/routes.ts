import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { entityListQuery } from "../../platform/query/schemas.js";
import {
  companyCreated,
  companyList,
  companySchema,
  createCompanyBody,
  updateCompanyBody,
} from "./schemas.js";
import {
  createCompany,
  deleteCompany,
  getCompany,
  listCompaniesPage,
  restoreCompany,
  updateCompany,
} from "./service.js";

const tags = ["companies"];

export function routes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/companies",
    {
      config: { access: access.entity("companies", "read") },
      schema: {
        tags,
        summary: "List companies (filter, sort, keyset pages)",
        querystring: entityListQuery.extend({
          deleted: z.enum(["true", "false"]).optional().describe("`true` lists the trash (soft-deleted)."),
        }),
        response: { 200: companyList },
      },
    },
    // Reads run on the pool: no transaction, no BEGIN/COMMIT round trips.
    async (req) =>
      listCompaniesPage(db, requestContext(req), { ...req.query, deleted: req.query.deleted === "true" }),
  );

  app.post(
    "/api/v1/companies",
    {
      config: { access: access.entity("companies", "create") },
      schema: {
        tags,
        summary: "Create a company (answers duplicate hints in `warnings`)",
        body: createCompanyBody,
        response: { 201: companyCreated },
      },
    },
    async (req, reply) => {
      const created = await db
        .transaction()
        .execute((trx) => createCompany(trx, requestContext(req), req.body));
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/api/v1/companies/:id",
    {
      config: { access: access.entity("companies", "read") },
      schema: { tags, summary: "Get a company", params: idParams, response: { 200: companySchema } },
    },
    async (req) => getCompany(db, requestContext(req), req.params.id),
  );

  app.patch(
    "/api/v1/companies/:id",
    {
      config: { access: access.entity("companies", "update") },
      schema: {
        tags,
        summary: "Update a company",
        params: idParams,
        body: updateCompanyBody,
        response: { 200: companySchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateCompany(trx, requestContext(req), req.params.id, req.body)),
  );

  app.delete(
    "/api/v1/companies/:id",
    {
      config: { access: access.entity("companies", "delete") },
      schema: {
        tags,
        summary: "Move a company to the trash (soft delete)",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteCompany(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/companies/:id/restore",
    {
      config: { access: access.entity("companies", "delete") },
      schema: {
        tags,
        summary: "Restore a company from the trash",
        params: idParams,
        response: { 200: companySchema },
      },
    },
    async (req) => db.transaction().execute((trx) => restoreCompany(trx, requestContext(req), req.params.id)),
  );
}

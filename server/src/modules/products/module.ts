import { z } from "zod";
import { requestContext } from "../../platform/http/authorize.js";
import { idParams } from "../../platform/http/schemas.js";
import { type App, type AppDeps, type AppModule, access } from "../../platform/http/types.js";
import { entityListQuery } from "../../platform/query/schemas.js";
import { productsEntity } from "./entity.js";
import { productEvents } from "./events.js";
import { createProductBody, productList, productSchema, updateProductBody } from "./schemas.js";
import {
  createProduct,
  deleteProduct,
  getProduct,
  listProductsPage,
  restoreProduct,
  updateProduct,
} from "./service.js";

const tags = ["products"];

function routes(app: App, { db }: AppDeps) {
  app.get(
    "/api/v1/products",
    {
      config: { access: access.entity("products", "read") },
      schema: {
        tags,
        summary: "List products (filter, sort, keyset pages)",
        querystring: entityListQuery.extend({
          deleted: z.enum(["true", "false"]).optional().describe("`true` lists the trash (soft-deleted)."),
        }),
        response: { 200: productList },
      },
    },
    async (req) =>
      listProductsPage(db, requestContext(req), { ...req.query, deleted: req.query.deleted === "true" }),
  );

  app.post(
    "/api/v1/products",
    {
      config: { access: access.entity("products", "create") },
      schema: {
        tags,
        summary: "Create a product",
        body: createProductBody,
        response: { 201: productSchema },
      },
    },
    async (req, reply) => {
      const created = await db
        .transaction()
        .execute((trx) => createProduct(trx, requestContext(req), req.body));
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/api/v1/products/:id",
    {
      config: { access: access.entity("products", "read") },
      schema: { tags, summary: "Get a product", params: idParams, response: { 200: productSchema } },
    },
    async (req) => getProduct(db, requestContext(req), req.params.id),
  );

  app.patch(
    "/api/v1/products/:id",
    {
      config: { access: access.entity("products", "update") },
      schema: {
        tags,
        summary: "Update a product",
        params: idParams,
        body: updateProductBody,
        response: { 200: productSchema },
      },
    },
    async (req) =>
      db.transaction().execute((trx) => updateProduct(trx, requestContext(req), req.params.id, req.body)),
  );

  app.delete(
    "/api/v1/products/:id",
    {
      config: { access: access.entity("products", "delete") },
      schema: {
        tags,
        summary: "Move a product to the trash (soft delete; its SKU becomes free)",
        params: idParams,
        response: { 204: z.null().describe("Deleted") },
      },
    },
    async (req, reply) => {
      await db.transaction().execute((trx) => deleteProduct(trx, requestContext(req), req.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/products/:id/restore",
    {
      config: { access: access.entity("products", "delete") },
      schema: {
        tags,
        summary: "Restore a product from the trash (422 on sku when a live product took its SKU)",
        params: idParams,
        response: { 200: productSchema },
      },
    },
    async (req) => db.transaction().execute((trx) => restoreProduct(trx, requestContext(req), req.params.id)),
  );
}

/** The product catalogue: one entity, declared once; search, views, custom fields, tags and export come with it. */
export const productsModule: AppModule = {
  name: "products",
  entities: [productsEntity],
  events: productEvents,
  routes,
};

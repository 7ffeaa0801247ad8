import { z } from "zod";
import { type App, type AppDeps, access } from "../../platform/http/types.js";
import { receiveHook } from "./hooks.js";

/**
 * `POST /api/v1/hooks/{publicId}`: public (the signature is the credential). Registered in its own context whose
 * JSON parser keeps the raw text, because the signature covers the exact bytes sent.
 */
export function hookRoutes(app: App, deps: AppDeps) {
  app.register(async (scope) => {
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    (scope as App).post(
      "/api/v1/hooks/:publicId",
      {
        config: { access: access.public(), idempotent: false },
        schema: {
          tags: ["automations"],
          summary: "Inbound webhook of a rule (Standard Webhooks signature or the rule's secret)",
          params: z.strictObject({ publicId: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/) }),
          response: {
            202: z.object({ accepted: z.literal(true), runId: z.uuid().nullable(), duplicate: z.boolean() }),
          },
        },
      },
      async (req, reply) => {
        const raw = typeof req.body === "string" ? req.body : "";
        const out = await receiveHook(deps, req.params.publicId, raw, req.headers);
        return reply.code(202).send({ accepted: true, ...out });
      },
    );
  });
}

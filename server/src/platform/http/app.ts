import { randomUUID } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, LogController } from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { installChangeEvents } from "../events/catalogue.js";
import { withChangeEventSchemas } from "../events/openapi.js";
import { installEntities } from "../records/catalog.js";
import { etagOf } from "../records/versions.js";
import {
  confirmBeforeSending,
  holdUntilConfirmed,
  mayDeferConfirmation,
  writeGateHook,
} from "./actor-confirmation.js";
import { auditDenial, authorize, isPermissionDenial } from "./authorize.js";
import { registerServerKey } from "./csrf.js";
import { edgeServerOptions, registerEdge } from "./edge.js";
import { idempotencyHooks, idempotentTransactions } from "./idempotency.js";
import { withProblemResponses } from "./openapi-problems.js";
import { errorHandler } from "./problem.js";
import { runInRequestScope } from "./request-scope.js";
import { isOutOfScopeRefusal } from "./scope-denial.js";
import { createSerializerCompiler } from "./serializer.js";
import type { AccessRule, App, AppDeps, AppModule, Authenticator } from "./types.js";
import { serveWeb } from "./web.js";

/** An `/api/v1` route as registered, with its access rule (the authorization matrix test walks these). */
export interface ApiRoute {
  method: string;
  url: string;
  access: AccessRule;
  /** The route's validation schemas (zod), so tests can see which routes take record ids. */
  schema?: { body?: unknown; querystring?: unknown; params?: unknown };
}

const routeTables = new WeakMap<object, ApiRoute[]>();

/** Every `/api/v1` route of an app built by `buildApp`. */
export function apiRoutes(app: object): readonly ApiRoute[] {
  return routeTables.get(app) ?? [];
}

const authenticatorTables = new WeakMap<object, Authenticator[]>();

/** Round trips the app's authenticators made to confirm cached actors (tests, benchmarks). */
export function actorConfirmationSyncs(app: object): number {
  return (authenticatorTables.get(app) ?? []).reduce((n, a) => n + (a.confirmationSyncs ?? 0), 0);
}

export interface BuildAppOptions {
  deps: AppDeps;
  modules: AppModule[];
  logger: Logger;
}

export async function buildApp({ deps, modules, logger }: BuildAppOptions): Promise<App> {
  const { config } = deps;
  const changeEvents = installChangeEvents(modules);
  // The modules' entities join the catalogue before any route reads it (idempotent when already collected).
  installEntities(modules);
  const app = Fastify({
    // A child, so the runtime can quiet Fastify's own start-up lines without quieting the rest of the process.
    loggerInstance: logger.child({}) as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ...edgeServerOptions(config),
    // Fastify logs two info lines per request; one debug line (below) is enough and keeps the console readable.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createSerializerCompiler({ verify: config.NODE_ENV === "test" }));
  app.setErrorHandler(errorHandler);
  // First of the onSend hooks: an answer computed with an actor that turned out stale is replaced before any
  // other hook sees it (actor-confirmation.ts).
  app.addHook("onSend", confirmBeforeSending(app as App));
  registerEdge(app as App, config);
  registerServerKey(app, deps.db);
  app.decorateRequest("actor", null);
  app.decorateRequest("passwordChangePending", false);
  app.decorateRequest("twoFactorSetupPending", false);
  // The hooks every request runs are callback style: no promise (and its async-hook callbacks) per hook.
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.header("x-request-id", request.id);
    done(null, payload);
  });
  // A versioned record answered on its own (GET, PATCH, create) carries its version as the ETag for If-Match.
  app.addHook("preSerialization", (_request, reply, payload, done) => {
    const body = payload as { id?: unknown; version?: unknown } | null;
    if (body && typeof body === "object" && typeof body.id === "string" && Number.isInteger(body.version)) {
      reply.header("ETag", etagOf(body.version as number));
    }
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    if ((request.log as Logger).isLevelEnabled?.("debug") ?? true) {
      const ms = Math.round(reply.elapsedTime * 10) / 10;
      request.log.debug(
        { ms, status: reply.statusCode },
        `${request.method} ${request.url} ${reply.statusCode}`,
      );
    }
    done();
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Tandem CRM API",
        version: "1.0.0",
        description:
          "REST API of Tandem CRM. Errors are RFC 9457 problem+json with a stable `code`. Lists use `limit` + opaque `cursor`. POST accepts `Idempotency-Key`.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "tandem_session" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) =>
      withChangeEventSchemas(withProblemResponses(jsonSchemaTransformObject(input)), changeEvents),
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });

  // Every API route must say who may call it.
  const routeTable: ApiRoute[] = [];
  routeTables.set(app, routeTable);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} has no access rule (config.access)`);
    }
    for (const method of [route.method].flat()) {
      if (method !== "HEAD")
        routeTable.push({ method, url: route.url, access: route.config.access, schema: route.schema });
    }
  });

  const authenticators: Authenticator[] = modules.flatMap((m) =>
    m.authenticator ? [m.authenticator(deps)] : [],
  );
  authenticatorTables.set(app, authenticators);
  app.addHook("onClose", async () => {
    await Promise.all(authenticators.map((a) => a.close?.()));
  });
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/v1")) return;
    const deferConfirmation = mayDeferConfirmation(request);
    for (const a of authenticators) {
      const found = await a.authenticate(request, { deferConfirmation });
      if (found) {
        request.actor = found.actor;
        request.passwordChangePending = found.passwordChangePending;
        request.twoFactorSetupPending = found.twoFactorSetupPending ?? false;
        if (found.confirm) holdUntilConfirmed(request, found.confirm);
        break;
      }
    }
  });
  // Code running for this request (recordChange) sees its id, IP and user agent. Entered after body parsing,
  // whose stream callbacks would otherwise lose the async context.
  app.addHook("preHandler", (request, _reply, done) => {
    const userAgent = request.headers["user-agent"] ?? null;
    runInRequestScope({ requestId: request.id, ip: request.ip ?? null, userAgent }, done);
  });
  app.addHook("preHandler", writeGateHook);
  app.addHook("preHandler", (request, _reply, done) => {
    const rule = request.routeOptions.config.access;
    if (rule) authorize(request, rule);
    done();
  });
  app.addHook("onError", async (request, _reply, err) => {
    if (isPermissionDenial(err) || (await isOutOfScopeRefusal(deps.db, request, err))) {
      await auditDenial(deps.db, request, err);
    }
  });
  const idem = idempotencyHooks(deps.db);
  app.addHook("preHandler", idem.preHandler);
  app.addHook("preHandler", idem.enter);
  app.addHook("onSend", idem.onSend);
  app.addHook("onResponse", idem.onResponse);
  // Routes' write transactions store their result with the request's idempotency key (see idempotency.ts).
  const routeDeps: AppDeps = { ...deps, db: idempotentTransactions(deps.db) };

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  for (const m of modules) {
    if (m.routes) await app.register(async (scoped) => m.routes?.(scoped as App, routeDeps));
  }

  await serveWeb(app, config.webDistDir);
  return app;
}

import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Action, Actor } from "../access/actor.js";
import type { Config } from "../config/config.js";
import type { Database } from "../db/database.js";
import type { JobQueue } from "../jobs/queue.js";
import type { EntityCatalog } from "../records/catalog.js";
import type { EntityDefinition } from "../records/definition.js";
import type { SecretBox } from "../secrets/secret-box.js";

/**
 * What a route requires before its handler runs. Every `/api/v1` route must declare one (checked when the route
 * is registered), so a new endpoint cannot forget authorization.
 */
export type AccessRule =
  | { kind: "public" }
  | {
      kind: "authenticated";
      allowPasswordChangePending?: boolean;
      allowTwoFactorSetupPending?: boolean;
      /**
       * A read-only API token may call this non-GET route: it only creates or removes the caller's own exports
       * (exports are reads). Nothing else that writes may set it.
       */
      allowReadOnlyToken?: boolean;
    }
  | { kind: "admin"; permission: string }
  | { kind: "entity"; entity: string; action: Action };

export const access = {
  public: (): AccessRule => ({ kind: "public" }),
  authenticated: (
    opts: {
      allowPasswordChangePending?: boolean;
      allowTwoFactorSetupPending?: boolean;
      allowReadOnlyToken?: boolean;
    } = {},
  ): AccessRule => ({
    kind: "authenticated",
    ...opts,
  }),
  admin: (permission: string): AccessRule => ({ kind: "admin", permission }),
  entity: (entity: string, action: Action): AccessRule => ({ kind: "entity", entity, action }),
};

declare module "fastify" {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** Skip the Idempotency-Key machinery (e.g. for login). */
    idempotent?: false;
    /**
     * A GET whose answer leaves before the onSend hooks (a hijacked stream) must have its cached actor confirmed
     * before the handler runs; other GETs are answered with a cached actor confirmed by their own statements.
     */
    confirmActorFirst?: true;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Set by the authenticator when the user must change their password before anything else. */
    passwordChangePending: boolean;
    /** Set when the user must enable two-factor authentication (policy or role) before anything else. */
    twoFactorSetupPending: boolean;
  }
}

export interface Authenticator {
  /** Resolves the actor from a session cookie or a bearer token; null when the request is anonymous. */
  authenticate(
    request: FastifyRequest,
    opts?: { deferConfirmation?: boolean },
  ): Promise<{
    actor: Actor;
    passwordChangePending: boolean;
    twoFactorSetupPending?: boolean;
    /**
     * Present only when `deferConfirmation` was asked for and the actor came from a cache not yet known to be
     * current: resolves true when it was (the answer may go), false when it may be stale (drop what was computed
     * with it). The app calls it before the answer leaves and before anything is written (write-gate.ts).
     */
    confirm?: () => Promise<boolean>;
  } | null>;
  /** Round trips made to confirm cached actors (tests, benchmarks). */
  readonly confirmationSyncs?: number;
  /** Releases what the authenticator holds (its LISTEN connection); called when the app closes. */
  close?(): Promise<void>;
}

export interface AppDeps {
  config: Config;
  db: Database;
  jobs: JobQueue;
  /** The entities every loaded module declares (`AppModule.entities`), validated at start. */
  entities: EntityCatalog;
  /** Seals credentials kept in the database (platform/secrets/secret-box.ts). */
  secrets: SecretBox;
  /**
   * The database's URL, for a process's own `LISTEN` connections (the actor cache's invalidation). Absent when
   * the app is built without a database (dumping the OpenAPI document); what listens then does without.
   */
  databaseUrl?: string;
  /**
   * The pool behind `db`, when the process has one: its connections may LISTEN (the actor cache, so that a GET's
   * own statement confirms its cached actor without a round trip of its own; platform/db/pool-listen.ts).
   */
  pool?: import("pg").Pool;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A domain's contribution to the server: the entities it owns, its routes, its background jobs and consumers of
 * change events.
 */
export interface AppModule {
  name: string;
  /** Record types this module owns; every cross-cutting feature reads them from `deps.entities`. */
  entities?: EntityDefinition[];
  routes?(app: App, deps: AppDeps): void | Promise<void>;
  jobs?(deps: AppDeps): import("../jobs/queue.js").JobDefinition[];
  authenticator?(deps: AppDeps): Authenticator;
  /**
   * Runs once per process after migrations, jobs and the outbox relay started and before HTTP serves, in module
   * order (seed data, the first administrator). Start-up waits for it.
   */
  onReady?(deps: AppDeps): void | Promise<void>;
  /** The change events this module writes (its `events.ts`), validated by `recordChange` and documented. */
  events?: readonly import("../events/catalogue.js").ChangeEventDefinition[];
  /** Consumers of change events, each naming the events it takes (`platform/events/consumer.ts`). */
  consumers?(deps: AppDeps): import("../events/consumer.js").ChangeConsumer<never>[];
  /** Widgets and communication channels for analytics dashboards (`platform/analytics/widget.ts`). */
  analytics?: import("../analytics/widget.js").AnalyticsContribution;
  /**
   * Long-running background services (e.g. the IMAP sync workers), started in processes that run jobs
   * (after the outbox relay) and stopped before the jobs on shutdown.
   */
  services?(deps: AppDeps, log: FastifyBaseLogger): BackgroundService[];
  /** Items besides activities on record timelines (`platform/records/timeline-sources.ts`). */
  timelineSources?: import("../records/timeline-sources.js").TimelineSource[];
  /** Moments automation rules may start on (`platform/events/automation-triggers.ts`). */
  automationTriggers?: readonly import("../events/automation-triggers.js").AutomationTriggerKind<never>[];
}

/** A background loop a module runs in every worker process; `stop` must end it and release what it holds. */
export interface BackgroundService {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

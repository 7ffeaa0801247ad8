import type { Transaction } from "kysely";
import type { Actor, RequestContext } from "../../../platform/access/actor.js";
import type { DB } from "../../../platform/db/schema.js";
import type { AppDeps } from "../../../platform/http/types.js";
import type { EntityDefinition } from "../../../platform/records/definition.js";
import type { LeafStep } from "../schemas.js";
import type { ValidationContext } from "../validate.js";
import type { Variables } from "../variables.js";

/** What a step sees when it runs (or previews, `dryRun`). */
export interface StepContext {
  trx: Transaction<DB>;
  deps: AppDeps;
  run: { id: string; ruleId: string; versionId: string; depth: number; createdAt: Date };
  rule: { id: string; name: string; ownerId: string };
  /** The rule's owner as of now: a rule may do what its owner may do, no more. */
  owner: Actor;
  /** Request context the modules' services get (actor = owner, request id `automation:<run id>`). */
  request: RequestContext;
  entity: EntityDefinition;
  recordId: string | null;
  /** The record as the owner sees it right before this step (null when gone or out of scope). */
  record: Record<string, unknown> | null;
  vars: Variables;
  ownerTimeZone: string;
  /** The run's outcome so far (step outputs by step id), passed on by "start another rule". */
  outputs: Record<string, unknown>;
}

export type StepResult = { output: unknown; wait?: Date };

export interface StepKindDefinition<S extends LeafStep = LeafStep> {
  type: S["type"];
  validate(step: S, ctx: ValidationContext, path: string): void | Promise<void>;
  run(step: S, ctx: StepContext): Promise<StepResult>;
  /**
   * The step does I/O outside the transaction (an HTTP call): the engine runs it in a pass of its own, so a
   * crash never repeats it together with other steps. Steps that only write through `ctx.trx` leave it unset.
   */
  external?: boolean;
  /** What the step would do, without doing it (test runs). */
  preview(step: S, ctx: StepContext): Promise<{ wouldDo: string; detail?: unknown }>;
}

/** A step failure that retrying cannot fix (permissions, missing records): the run fails at once. */
export class PermanentStepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PermanentStepError";
  }
}

const registry = new Map<string, StepKindDefinition<never>>();

/** Adds a step kind; modules that bring actions (send a template, create an invoice) register theirs. */
export function registerStepKind<T extends LeafStep["type"]>(
  def: StepKindDefinition<Extract<LeafStep, { type: T }>>,
) {
  registry.set(def.type, def as never);
}

export function stepKind(type: string): StepKindDefinition<LeafStep> {
  const def = registry.get(type);
  if (!def) throw new Error(`Unknown step type ${type}`);
  return def as never;
}

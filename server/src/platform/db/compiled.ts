import type { Compilable, CompiledQuery, QueryResult } from "kysely";

/** The pool or a transaction (anything Kysely runs a compiled statement on). */
export interface Executes {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * Statements built and compiled by Kysely once per shape instead of once per request (issue 10 item 21: building
 * and compiling the record GET's statement was 6.5 % of the server's CPU). A statement is built with *markers*
 * in place of the values that differ between calls (`marker("id")`: strings with a NUL, which no PostgreSQL text
 * value can hold, so a real value never looks like one); each call copies the compiled parameters with the
 * markers replaced. The text, the parameters' order and everything else come from Kysely as before.
 *
 * What may vary in the text (an actor's scope kind, say) must be part of the shape's key: one key, one text.
 * A marker left unbound, or a marker nested where `bind` cannot see it, throws instead of reaching PostgreSQL.
 * Every call of a shape shares its `queryId`: fine without Kysely plugins (`createDb` has none); a plugin keeping
 * per-query state by `queryId` would need a fresh one per call.
 */
const MARK = "\u0000tdm-param:";

/** A placeholder value for `name`, typed as what it stands for. */
export function marker<T = string>(name: string): T {
  return `${MARK}${name}` as T;
}

export function isMarker(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(MARK);
}

/** Replaces a marker parameter by its value; `undefined` = not a marker this binder knows. */
export type Binder = (param: unknown) => unknown;

export class CompiledStatements<Row> {
  private readonly compiled = new Map<string, CompiledQuery<Row>>();

  /**
   * The statement of shape `key` with its markers bound by `binders` (the first that answers wins); `build`
   * builds it with markers when the shape is new.
   */
  bound(key: string, build: () => Compilable<Row>, binders: Binder[]): CompiledQuery<Row> {
    let query = this.compiled.get(key);
    if (!query) {
      query = build().compile();
      this.compiled.set(key, query);
    }
    return { ...query, parameters: query.parameters.map((p) => bindParam(p, binders)) };
  }

  /** Runs the bound statement of shape `key` on `db` and answers its first row. */
  async takeFirst(
    db: Executes,
    key: string,
    build: () => Compilable<Row>,
    binders: Binder[],
  ): Promise<Row | undefined> {
    const result = await db.executeQuery(this.bound(key, build, binders));
    return result.rows[0];
  }

  /** Shapes compiled so far (tests). */
  get size(): number {
    return this.compiled.size;
  }
}

function bindParam(param: unknown, binders: Binder[]): unknown {
  const markedArray = Array.isArray(param) && param.some(isMarker);
  if (!isMarker(param) && !markedArray) return param;
  for (const bind of binders) {
    const value = bind(param);
    if (value !== undefined) return value;
  }
  throw new Error(`unbound statement marker ${JSON.stringify(param)}`);
}

/** A binder for named markers: `{ id: "…" }` binds `marker("id")`. */
export function bindNamed(values: Record<string, unknown>): Binder {
  return (param) => (isMarker(param) ? values[param.slice(MARK.length)] : undefined);
}

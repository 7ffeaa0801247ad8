import pg from "pg";

/**
 * A named (prepared) statement's result columns, set up once per process instead of once per execution (issue 10
 * item 21). `pg` turns every RowDescription into a fresh field list, type parsers and row template
 * (`Result.addFields`), and the fresh column names have to be looked up in V8's string table again for every
 * row it builds; for the record GET's 25 columns that was ~5 % of the server's CPU per request. A named statement
 * answers the same columns every time, so its set-up is kept by name and reused while the RowDescription still
 * matches it column for column (name, type, format); a table change under it (another result type) builds and
 * keeps the new one. Rows, values and errors are `pg`'s own.
 */
interface FieldDescription {
  name: string;
  dataTypeID: number;
  format: string;
}

/** What `pg`'s Result keeps from a RowDescription (pg 8's internals; `resultShapesWork` checks they exist). */
interface ResultInternals {
  command: string | null;
  fields: FieldDescription[];
  _parsers?: unknown[];
  _prebuiltEmptyResultObject?: object;
}

interface Shape {
  fields: FieldDescription[];
  parsers: unknown[] | undefined;
  prebuilt: object | undefined;
}

const MAX_SHAPES = 5000;
const shapes = new Map<string, Shape>();

function sameFields(a: FieldDescription[], b: FieldDescription[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as FieldDescription;
    const y = b[i] as FieldDescription;
    if (x.name !== y.name || x.dataTypeID !== y.dataTypeID || x.format !== y.format) return false;
  }
  return true;
}

type QueryClass = new (
  config: pg.QueryConfig,
  values: undefined,
  callback: (err: Error | null, res: unknown) => void,
) => { handleRowDescription(msg: { fields: FieldDescription[] }): void };

class NamedStatementQuery extends (pg.Query as unknown as QueryClass) {
  override handleRowDescription(msg: { fields: FieldDescription[] }): void {
    const self = this as unknown as { name: string; _result: ResultInternals; _accumulateRows: boolean };
    const result = self._result;
    const shape = shapes.get(self.name);
    // A second result of one execution (several commands) goes through pg's own path.
    if (shape && !result.command && sameFields(shape.fields, msg.fields)) {
      result.fields = shape.fields;
      result._parsers = shape.parsers;
      result._prebuiltEmptyResultObject = shape.prebuilt;
      self._accumulateRows = true; // as pg decides for a query with a callback
      return;
    }
    super.handleRowDescription(msg);
    if (result.command) return;
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(self.name, {
      fields: result.fields,
      parsers: result._parsers,
      prebuilt: result._prebuiltEmptyResultObject,
    });
  }
}

/** Whether pg's Result still has the internals this relies on (checked once; otherwise pg's own path is used). */
function resultShapesWork(): boolean {
  const q = new pg.Query({ text: "", name: "probe" }) as unknown as { _result: ResultInternals };
  const result = q._result as ResultInternals & { addFields?: (f: FieldDescription[]) => void };
  if (typeof result.addFields !== "function") return false;
  result.addFields([{ name: "a", dataTypeID: 25, format: "text" }]);
  return (
    Array.isArray(result._parsers) &&
    typeof result._prebuiltEmptyResultObject === "object" &&
    typeof (pg.Query.prototype as { handleRowDescription?: unknown }).handleRowDescription === "function"
  );
}

const enabled = resultShapesWork();

/** Sends the named statement `name` on `client` with its result columns set up once per process (see above). */
export function queryNamed(
  client: pg.PoolClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<pg.QueryResult> {
  if (!enabled) return client.query({ name, text, values });
  return new Promise((resolve, reject) => {
    const query = new NamedStatementQuery({ name, text, values }, undefined, (err, res) =>
      err ? reject(err) : resolve(res as pg.QueryResult),
    );
    client.query(query as unknown as pg.Submittable);
  });
}

/** Shapes kept (tests). */
export const resultShapeCount = (): number => shapes.size;

import { type Kysely, sql } from "kysely";
import { LEGACY_CALL_OUTCOMES } from "../call-outcomes.js";

/**
 * Call outcomes become stable codes (`reached`, `noAnswer`, …) that the UI translates. Before, the web stored
 * the translated word in the user's language; the known words of every language are mapped to their code. A
 * call outcome nobody can map (typed by an integration) stays as written and is shown verbatim.
 * The timeline prefix of `tasks.result` ("Reached: note") is the task's own text and is left alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pairs = Object.entries(LEGACY_CALL_OUTCOMES).flatMap(([code, words]) =>
    words.map((word) => sql`(${word}, ${code})`),
  );
  await sql`
    UPDATE activities a SET outcome = m.code
    FROM (VALUES ${sql.join(pairs)}) AS m(word, code)
    WHERE a.kind = 'call' AND lower(btrim(a.outcome)) = m.word`.execute(db);
}

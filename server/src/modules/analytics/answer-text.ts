import { type WidgetResult, widgetResult } from "../../platform/analytics/widget.js";

/**
 * The answer's shape, part of the cache key: a stored text is sent as is, so an entry written in another shape
 * (before a deploy) must never be served. 2: team performance's `drillColumns` instead of `drillCells`.
 */
export const ANSWER_FORMAT = 2;

/** A widget's answer as the JSON text the route sends: fresh, and as the cache serves it again later. */
export interface AnswerTexts {
  fresh: string;
  /** The same answer with `exact: false` (its `asOf` stays the computation's): what a cache hit sends. */
  cached: string;
}

/**
 * Checks the answer against the route's response schema (as the route's zod serializer would) and writes it
 * once. `exact` goes last, so the fresh answer and the cached one share that one serialization, and a cache hit
 * sends the stored text as is — no parse and write again per hit, whatever the answer's size (issue 14: team
 * performance's 100 people × drill cells cost 20 ms of server CPU per hit that way).
 */
export function answerTexts(result: WidgetResult): AnswerTexts {
  const { exact, ...rest } = widgetResult.parse(result);
  const head = JSON.stringify(rest).slice(0, -1);
  return { fresh: `${head},"exact":${exact}}`, cached: `${head},"exact":false}` };
}

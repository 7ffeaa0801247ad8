import type { Actor } from "../../platform/access/actor.js";
import { type FieldMeta, fieldsFor, isFieldHidden, isHidden } from "../../platform/access/fields.js";
import type { Db } from "./service.js";

type Node = Record<string, unknown>;

/**
 * A shared view's filter as one viewer may see it: a condition on a field the viewer's role hides (or on a
 * field derived from one, such as `phone` from `phones`) keeps its field and operator but loses its value, so
 * another user's view cannot reveal, say, the email address it filters by. Applying such a view is refused
 * like any filter on a hidden field (422 `field_not_allowed`), since the list engine checks the viewer's rules.
 */
export async function filterRedactor(db: Db, actor: Actor, entities: Iterable<string>) {
  const fields = new Map<string, FieldMeta[]>();
  for (const entity of new Set(entities)) fields.set(entity, await fieldsFor(db, entity));
  const hidden = (entity: string, key: string) => {
    const field = fields.get(entity)?.find((f) => f.key === key);
    return field ? isFieldHidden(actor, entity, field) : isHidden(actor, entity, key);
  };
  const redact = (entity: string, node: unknown): unknown => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return node;
    const n = node as Node;
    for (const group of ["and", "or"]) {
      const children = n[group];
      if (Array.isArray(children)) return { ...n, [group]: children.map((c) => redact(entity, c)) };
    }
    if (typeof n.field === "string" && hidden(entity, n.field)) {
      const { value: _value, ...rest } = n;
      return rest;
    }
    return n;
  };
  return (entity: string, filter: Node | null): Node | null =>
    filter ? (redact(entity, filter) as Node) : null;
}

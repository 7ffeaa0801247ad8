import { getRouteApi } from "@tanstack/react-router";
import { NotFoundPage } from "../../ui/NotFoundPage";
import { useEntities, useEntityLabel } from "./entities";
import { EditRecordButton } from "./form/EditRecordButton";
import { RecordPage } from "./RecordPage";

const route = getRouteApi("/app/$entity/$id");

/** The page of a record of an entity without a page of its own: fields, owner, history. */
export function EntityRecordPage() {
  const { entity: name, id } = route.useParams();
  const entities = useEntities();
  const label = useEntityLabel();
  const entity = entities.find((e) => e.name === name);
  if (!entity) return entities.length > 0 ? <NotFoundPage /> : null;
  return (
    <RecordPage
      key={`${name}:${id}`}
      entity={name}
      id={id}
      listPath={`/${name}`}
      listLabel={label(entity)}
      facts={(record) => <EditRecordButton entity={name} record={record} />}
    />
  );
}

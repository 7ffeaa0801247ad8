import { getRouteApi } from "@tanstack/react-router";
import { NotFoundPage } from "../../ui/NotFoundPage";
import { CreateRecordButton } from "./CreateButtons";
import { useEntities, useEntityLabel } from "./entities";
import { configOf } from "./entityConfig";
import { RecordListPage } from "./RecordListPage";

const route = getRouteApi("/app/$entity");

/** The list of an entity without a screen of its own, built from its declaration and field metadata. */
export function EntityListPage() {
  const { entity: name } = route.useParams();
  const entities = useEntities();
  const label = useEntityLabel();
  const entity = entities.find((e) => e.name === name);
  if (!entity) return entities.length > 0 ? <NotFoundPage /> : null;
  return (
    <RecordListPage
      key={name}
      entity={name}
      title={label(entity)}
      searchKeys={[configOf(name).primary]}
      actions={<CreateRecordButton entity={name} />}
    />
  );
}

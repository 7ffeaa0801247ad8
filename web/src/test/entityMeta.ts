/** `GET /api/v1/meta/entities` as the server answers an administrator (every action on every entity). */
const all = {
  read: "all",
  create: "all",
  update: "all",
  delete: "all",
  assign: "all",
  export: "all",
  import: "all",
};
const labels = (en: [string, string], ru: [string, string]) => ({
  en: { singular: en[0], plural: en[1] },
  ru: { singular: ru[0], plural: ru[1] },
  sr: { singular: en[0], plural: en[1] },
  kk: { singular: en[0], plural: en[1] },
});
const entity = (
  name: string,
  label: ReturnType<typeof labels>,
  navigation: { group: string; order: number } | null,
  capabilities: Partial<Record<string, unknown>> = {},
) => ({
  name,
  apiPath: `/api/v1/${name}`,
  label: label.en,
  labels: label,
  owned: true,
  titleField: name === "deals" || name === "tasks" ? "title" : "name",
  capabilities: {
    search: true,
    linkable: true,
    customFields: true,
    tags: true,
    views: true,
    import: true,
    export: ["csv", "xlsx"],
    merge: true,
    timeline: true,
    duplicateCheck: false,
    ...capabilities,
  },
  permissions: all,
  navigation,
});

export const adminEntities = [
  entity(
    "companies",
    labels(["Company", "Companies"], ["Компания", "Компании"]),
    { group: "customers", order: 10 },
    { duplicateCheck: true },
  ),
  entity(
    "contacts",
    labels(["Contact", "Contacts"], ["Контакт", "Контакты"]),
    { group: "customers", order: 20 },
    { duplicateCheck: true },
  ),
  entity("deals", labels(["Deal", "Deals"], ["Сделка", "Сделки"]), { group: "sales", order: 30 }),
  entity(
    "tasks",
    labels(["Task", "Tasks"], ["Задача", "Задачи"]),
    { group: "work", order: 50 },
    {
      search: false,
      merge: false,
      import: false,
    },
  ),
];

/** The same entities with the given actions refused (`none`), as for a role without them. */
export const entitiesWithout = (actions: string[], names?: string[]) =>
  adminEntities.map((e) =>
    !names || names.includes(e.name)
      ? { ...e, permissions: { ...e.permissions, ...Object.fromEntries(actions.map((a) => [a, "none"])) } }
      : e,
  );

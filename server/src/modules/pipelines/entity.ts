import type { EntityDefinition } from "../../platform/records/definition.js";

/** Pipelines are shared settings (no owner); roles grant reading them like records. */
export const pipelinesEntity: EntityDefinition = {
  name: "pipelines",
  labels: {
    en: { singular: "Pipeline", plural: "Pipelines" },
    ru: { singular: "Воронка", plural: "Воронки" },
    sr: { singular: "Левак продаје", plural: "Левкови продаје" },
    kk: { singular: "Воронка", plural: "Воронкалар" },
  },
  table: "pipelines",
  ownerColumn: null,
  title: "name",
  softDeleteColumn: "deleted_at",
  fields: [],
  capabilities: {},
  apiPath: "/api/v1/pipelines",
};

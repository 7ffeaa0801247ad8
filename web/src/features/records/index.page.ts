/** The generic record page and its related lists an entity's page is built on. */
export { RecordPage, type RecordPageProps } from "./RecordPage";
export { RelatedList } from "./RelatedList";
export { RelatedTasks } from "./RelatedTasks";

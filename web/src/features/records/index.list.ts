/** The generic list screen an entity's list page is built on (an entry of its own, loaded with lists). */
export { RecordListPage, type RecordListPageProps } from "./RecordListPage";

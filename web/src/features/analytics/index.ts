/** What other features may use from analytics: widget result types and the drill-down links of a result. */

export type { WidgetResult, WidgetRow } from "../../ui/charts/types";
export { drillHref, hasDrill } from "./drill";

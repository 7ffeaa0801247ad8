import { OTHER_WIDGETS } from "./other-widgets.js";
import { SALES_WIDGETS } from "./sales-widgets.js";
import type { BuiltinWidget } from "./widget-kit.js";

export type { BuiltinWidget, Row, RunContext, WidgetOutput } from "./widget-kit.js";

export const BUILTIN_WIDGETS: BuiltinWidget[] = [...SALES_WIDGETS, ...OTHER_WIDGETS];

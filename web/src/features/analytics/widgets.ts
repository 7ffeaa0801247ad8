import type { Dashboard } from "./search";

/** Which built-in widgets each dashboard shows, in order, with their title and width (of 12 columns). */
export interface WidgetSlot {
  id: string;
  titleKey: string;
  span: 6 | 12;
  height?: number;
}

export const DASHBOARD_WIDGETS: Record<Dashboard, WidgetSlot[]> = {
  sales: [
    { id: "sales.funnel", titleKey: "analytics.widgets.funnel", span: 6 },
    { id: "sales.forecast", titleKey: "analytics.widgets.forecast", span: 6 },
    { id: "sales.won-revenue", titleKey: "analytics.widgets.wonRevenue", span: 6 },
    { id: "sales.plan-fact", titleKey: "analytics.widgets.planFact", span: 6 },
    { id: "sales.win-rate", titleKey: "analytics.widgets.winRate", span: 6 },
    { id: "sales.deal-size", titleKey: "analytics.widgets.dealSize", span: 6 },
    { id: "sales.cycle", titleKey: "analytics.widgets.cycle", span: 6 },
    { id: "sales.time-in-stage", titleKey: "analytics.widgets.timeInStage", span: 6 },
    { id: "sales.lost-reasons", titleKey: "analytics.widgets.lostReasons", span: 6 },
  ],
  team: [{ id: "team.performance", titleKey: "analytics.widgets.teamPerformance", span: 12, height: 420 }],
  activity: [
    { id: "activity.channels", titleKey: "analytics.widgets.activity", span: 12 },
    { id: "activity.teams", titleKey: "analytics.widgets.activityByTeam", span: 12 },
  ],
  channels: [
    { id: "channels.sources", titleKey: "analytics.widgets.channels", span: 12 },
    { id: "channels.revenue", titleKey: "analytics.widgets.wonRevenue", span: 12 },
  ],
};

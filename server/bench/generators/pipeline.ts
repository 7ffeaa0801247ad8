import { NOW, pastTime, type TableGenerator } from "./types.js";

export const deals: TableGenerator = {
  table: "deals",
  rows: (f) => Math.round(500_000 * f),
  usable: (ctx) => ctx.refs.pipelineId !== null && ctx.refs.stageIds.length > 0,
  columns: (ctx) => {
    const stages = ctx.refs.stageIds.map((s) => `'${s}'::uuid`).join(",");
    const stage = `(ARRAY[${stages}])[1 + ((g * 7) % ${ctx.refs.stageIds.length})]`;
    return {
      id: ctx.id("deals", "g"),
      title:
        "'Deal ' || g || ' — ' || (ARRAY['licences','equipment','service','consulting','supply'])[1 + g % 5]",
      company_id: ctx.count("companies") > 0 ? ctx.pick("companies", 13) : "NULL",
      contact_id: ctx.count("contacts") > 0 ? ctx.pick("contacts", 17) : "NULL",
      amount: "((g::bigint * 7919) % 5000000)::numeric / 100 + 1000",
      currency: "(ARRAY['RUB','USD','EUR','RSD','KZT'])[1 + g % 5]",
      pipeline_id: `'${ctx.refs.pipelineId}'::uuid`,
      stage_id: stage,
      probability: "((g * 13) % 101)",
      expected_close_date: "(current_date + ((g * 11) % 180))",
      owner_id: ctx.pick("users", 5),
      created_at: pastTime(730, 49979687),
      updated_at: pastTime(365, 86028121),
      stage_entered_at: pastTime(90, 15485863),
    };
  },
};

export const tasks: TableGenerator = {
  table: "tasks",
  rows: (f) => Math.round(1_000_000 * f),
  columns: (ctx) => ({
    id: ctx.id("tasks", "g"),
    title:
      "(ARRAY['Call back','Send proposal','Meeting','Follow up','Prepare contract'])[1 + g % 5] || ' #' || g",
    type: "(ARRAY['call','email','meeting','todo'])[1 + g % 4]",
    // Two thirds done, the rest open; due dates around today so overdue lists are realistic.
    status: "CASE WHEN g % 3 = 0 THEN 'open' ELSE 'done' END",
    priority: "(ARRAY['low','normal','normal','high','urgent'])[1 + g % 5]",
    due_at: `${NOW} + make_interval(hours => ((g * 7) % 2000) - 1000)`,
    overdue_at: `${NOW} + make_interval(hours => ((g * 7) % 2000) - 1000)`,
    // Already seen by the overdue scan, so the benchmark does not measure a notification storm.
    overdue_notified_at: NOW,
    escalated_at: NOW,
    completed_at: `CASE WHEN g % 3 = 0 THEN NULL ELSE ${NOW} - make_interval(hours => (g * 11) % 5000) END`,
    owner_id: ctx.pick("users", 7),
    created_at: pastTime(730, 67867967),
  }),
  after: (ctx) =>
    ctx.count("contacts") > 0
      ? [
          `INSERT INTO task_links (task_id, entity, record_id)
           SELECT ${ctx.id("tasks", "g")}, 'contacts', ${ctx.pick("contacts", 19)}
           FROM generate_series(1, ${ctx.count("tasks")}) AS g`,
        ]
      : [],
};

export const activities: TableGenerator = {
  table: "activities",
  rows: (f) => Math.round(2_000_000 * f),
  columns: (ctx) => ({
    id: ctx.id("activities", "g"),
    kind: "(ARRAY['call','meeting','note','email','note','call'])[1 + g % 6]",
    occurred_at: pastTime(730, 104395301),
    subject: "'Activity ' || g",
    body: "'Discussed the offer, next step agreed. Reference ' || g",
    direction: "CASE WHEN g % 6 IN (0, 3, 5) THEN (ARRAY['in','out'])[1 + g % 2] END",
    duration_seconds: "CASE WHEN g % 6 IN (0, 5) THEN (g * 7) % 3600 END",
    owner_id: ctx.pick("users", 11),
    created_at: pastTime(730, 104395301),
  }),
  // Each activity is on the timeline of one contact (2 per contact on average).
  after: (ctx) =>
    ctx.count("contacts") > 0
      ? [
          `INSERT INTO activity_links (activity_id, entity, record_id, occurred_at)
           SELECT ${ctx.id("activities", "g")}, 'contacts', ${ctx.pick("contacts", 23)}, ${pastTime(730, 104395301)}
           FROM generate_series(1, ${ctx.count("activities")}) AS g`,
        ]
      : [],
};

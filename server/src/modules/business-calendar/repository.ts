import { sql, type Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { DatesBody, WeekBody } from "./schemas.js";

/** Saves the zone and the week (replacing every weekday's hours); the calendar counts as configured after. */
export async function saveWeek(trx: Transaction<DB>, input: WeekBody): Promise<void> {
  await trx
    .insertInto("business_calendar")
    .values({ id: 1, time_zone: input.timeZone })
    .onConflict((oc) => oc.column("id").doUpdateSet({ time_zone: input.timeZone, updated_at: sql`now()` }))
    .execute();
  await trx.deleteFrom("business_calendar_week").execute();
  if (input.week.length > 0) {
    await trx
      .insertInto("business_calendar_week")
      .values(input.week.map((w) => ({ weekday: w.weekday, start_time: w.start, end_time: w.end })))
      .execute();
  }
}

/** Upserts dates by day (after deleting `replaceYears`' dates); marks the calendar configured. */
export async function saveDates(trx: Transaction<DB>, input: DatesBody): Promise<void> {
  await trx
    .insertInto("business_calendar")
    .values({ id: 1 })
    .onConflict((oc) => oc.column("id").doUpdateSet({ updated_at: sql`now()` }))
    .execute();
  for (const year of input.replaceYears) {
    await trx
      .deleteFrom("business_calendar_dates")
      .where("day", ">=", `${year}-01-01`)
      .where("day", "<=", `${year}-12-31`)
      .execute();
  }
  if (input.dates.length === 0) return;
  const rows = input.dates.map((d) => ({
    day: d.day,
    kind: d.kind,
    name: d.name || null,
    start_time: d.kind === "workday" ? d.start : null,
    end_time: d.kind === "workday" ? d.end : null,
  }));
  await trx
    .insertInto("business_calendar_dates")
    .values(rows)
    .onConflict((oc) =>
      oc.column("day").doUpdateSet((eb) => ({
        kind: eb.ref("excluded.kind"),
        name: eb.ref("excluded.name"),
        start_time: eb.ref("excluded.start_time"),
        end_time: eb.ref("excluded.end_time"),
      })),
    )
    .execute();
}

export async function deleteDate(trx: Transaction<DB>, day: string): Promise<boolean> {
  const r = await trx.deleteFrom("business_calendar_dates").where("day", "=", day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

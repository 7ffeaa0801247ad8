import { type Kysely, sql } from "kysely";

/**
 * The workspace's business calendar: working hours per ISO weekday, dated exceptions (holidays, and working
 * days moved onto a weekend as Russia, Kazakhstan and Serbia do, optionally with their own hours — a shortened
 * pre-holiday day is a `workday` with shorter hours), and an optional zone (null: each person's own zone).
 * `business_calendar` holds a row once an administrator has saved the calendar; until then the seeded week
 * (Mon–Fri 09:00–18:00) still drives automations' business time, but analytics does not claim a calendar.
 * `business_seconds(a, b, zone)` is the working time between two instants, for SQL readers (analytics).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE business_calendar (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      time_zone text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE business_calendar_week (
      weekday smallint PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
      start_time time NOT NULL,
      end_time time NOT NULL CHECK (end_time > start_time)
    );
    INSERT INTO business_calendar_week (weekday, start_time, end_time)
      SELECT d, '09:00', '18:00' FROM generate_series(1, 5) d;
    CREATE TABLE business_calendar_dates (
      day date PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
      name text,
      start_time time,
      end_time time,
      CHECK ((start_time IS NULL) = (end_time IS NULL)),
      CHECK (end_time > start_time),
      CHECK (kind = 'workday' OR start_time IS NULL)
    );
    CREATE FUNCTION business_seconds(a timestamptz, b timestamptz, zone text) RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
      WITH z AS (
        SELECT coalesce((SELECT time_zone FROM business_calendar WHERE id = 1), zone, 'UTC') AS tz
      ), days AS (
        SELECT d::date AS day, z.tz
        FROM z, generate_series((a AT TIME ZONE z.tz)::date, (b AT TIME ZONE z.tz)::date, interval '1 day') d
        WHERE a < b
      ), hours AS (
        SELECT days.day, days.tz,
          CASE WHEN x.kind = 'holiday' THEN NULL
               WHEN x.kind = 'workday'
                 THEN coalesce(x.start_time, w.start_time, (SELECT min(start_time) FROM business_calendar_week))
               ELSE w.start_time END AS s,
          CASE WHEN x.kind = 'holiday' THEN NULL
               WHEN x.kind = 'workday'
                 THEN coalesce(x.end_time, w.end_time, (SELECT max(end_time) FROM business_calendar_week))
               ELSE w.end_time END AS e
        FROM days
        LEFT JOIN business_calendar_dates x ON x.day = days.day
        LEFT JOIN business_calendar_week w ON w.weekday = extract(isodow FROM days.day)
      )
      SELECT coalesce(sum(greatest(0, extract(epoch FROM
        least(b, (day + e) AT TIME ZONE tz) - greatest(a, (day + s) AT TIME ZONE tz)))), 0)::double precision
      FROM hours WHERE s IS NOT NULL
    $fn$;
  `.execute(db);
}

/** Reads the track-usage answer: monitoring.track_usage in one REPEATABLE READ, read-only transaction. */
import type { Sql } from "../deps/postgres.ts";
import type { UsageQuery } from "./params.ts";

/** The answer as JSON text, exactly as SQL wrote it (numbers at full precision), with the period added. */
export async function readTrackUsage(sql: Sql, q: UsageQuery): Promise<string> {
  const rows = await sql.begin("isolation level repeatable read read only", (tx) =>
    tx<{ json: string }[]>`
      select (monitoring.track_usage(${q.from.toISOString()}::timestamptz, ${q.to.toISOString()}::timestamptz,
                                     ${q.app}::text, ${q.environment}::text, ${q.model}::text, ${q.prompt_variant}::text)
              || jsonb_build_object('period', ${q.period}::text))::text as json`);
  return rows[0].json;
}

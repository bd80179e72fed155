/**
 * Where the dashboard's session generation lives: the one row of monitoring.dashboard_sessions.
 * A page view that presents a session cookie reads it (one query); signing out adds one to it,
 * which ends every session issued before (see session.ts).
 */
import type { Sql } from "../deps.ts";

/** Reads and ends the dashboard's sessions (the handler takes one; tests pass their own). */
export interface SessionGenerations {
  /** The current session generation. */
  current(): Promise<number>;
  /** Ends every session: adds one to the generation and returns the new one. */
  end(): Promise<number>;
}

function one(rows: { generation: string | number }[]): number {
  if (rows.length !== 1) {
    throw new Error(`monitoring.dashboard_sessions must hold exactly one row; it holds ${rows.length}`);
  }
  return Number(rows[0].generation);
}

/** The session generations kept in monitoring.dashboard_sessions, through the pool `sql()` gives (opened on first use). */
export function databaseSessionGenerations(sql: () => Sql): SessionGenerations {
  return {
    async current(): Promise<number> {
      return one(
        await sql()<{ generation: string }[]>`
        select generation from monitoring.dashboard_sessions`,
      );
    },
    async end(): Promise<number> {
      return one(
        await sql()<{ generation: string }[]>`
        update monitoring.dashboard_sessions
           set generation = generation + 1, ended_at = now()
        returning generation`,
      );
    },
  };
}

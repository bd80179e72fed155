/**
 * The label filters the read functions take (`app`, `environment`, `model`, `prompt_variant` on
 * track-usage, weekly-report and the dashboard; `config` on ingest's import drain), read by one
 * rule: a value is at most 200 characters and a storable label (no NUL, no control characters,
 * no unpaired surrogates: shared/usage/field_checks.ts, the rule ingest applies to the labels
 * it stores), and an empty value means "no filter" (what an HTML filter form sends for "all").
 * A bad value is a 400 naming the parameter; before, a NUL reached Postgres and came back as 500.
 */
import { labelProblem } from "../usage/field_checks.ts";

/** The longest filter value accepted (the longest label ingest stores). */
export const MAX_FILTER_LENGTH = 200;

/** Why a filter value is refused (worded to follow the parameter's name), or null. */
export function filterProblem(value: string): string | null {
  if (value.length > MAX_FILTER_LENGTH) return `must be at most ${MAX_FILTER_LENGTH} characters`;
  return labelProblem(value);
}

/** A present filter parameter's value: null when absent or empty (no filter). */
export function filterValue(value: string | null): string | null {
  return value === null || value === "" ? null : value;
}

/**
 * The zod schema of one event as sent to `ingest`: the canonical fields (see canonical_event.ts), all
 * optional here, plus what normalisation consumes and drops:
 *
 * - `usage`: the provider's usage object exactly as its API returned it, with `provider` saying whose
 *   (mapped by provider_usage.ts; instead of, never together with, the token fields);
 * - text to count tokens from when none were reported: `messages` (`{role, content, name?}`; `content` a
 *   string or an array of content parts whose `text` is counted), `input_text`, `output_text`, and
 *   `system_prompt` (hashed and counted for `system_prompt_hash` / `system_prompt_tokens`);
 * - `input_chars` / `output_chars`: text lengths for the characters ÷ 4 estimate when the text itself is
 *   not sent.
 *
 * Texts are never stored. No field may nest more than 32 levels of objects and arrays (checked without
 * recursion, before anything walks it). Unknown top-level keys are errors; anything else belongs in
 * `metadata` (a JSON object of at most 16 KB, kept as the very object parsed). `null` counts as absent for every field. Which fields are required, and the
 * rules between fields, are validate_batch.ts's business.
 */
import { z } from "../deps/zod.ts";
import {
  countProblem,
  type FieldError,
  issuesToErrors,
  labelProblem,
  MAX_TOKENS_PER_EVENT,
  nestingProblem,
  storedStringProblem,
} from "./field_checks.ts";

/**
 * What is wrong with a service tier (already trimmed and lowercased), or null: the shape
 * monitoring.usage_events accepts, 1 to 32 characters of a-z, 0-9, `_` and `-`, starting with a letter
 * (`default`, `batch`, `flex`, `priority`, `standard`, `scale`, ...).
 */
export function serviceTierProblem(value: string): string | null {
  return /^[a-z][a-z0-9_-]{0,31}$/.test(value)
    ? null
    : "must be a service tier name: a letter, then up to 31 letters, digits, '_' or '-' (e.g. default, batch, flex, priority)";
}

/** The most bytes `metadata` may take when serialised as JSON. */
export const MAX_METADATA_BYTES = 16 * 1024;

/** The longest latency accepted: seven days (a Batch API request may take a day). */
export const MAX_LATENCY_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * zod 3 create params that give `message` for every issue the schema itself raises (wrong type, no option
 * of a union or enum matched); issues of the parts inside it keep their own messages.
 */
const says = (message: string): { errorMap: z.ZodErrorMap } => ({
  errorMap: (issue, ctx) =>
    ["invalid_type", "invalid_union", "invalid_enum_value"].includes(issue.code)
      ? { message }
      : { message: ctx.defaultError },
});

const count = (max: number = MAX_TOKENS_PER_EVENT) =>
  z.number(says("expected a number")).superRefine((value, ctx) => {
    const problem = countProblem(value, max);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** What is wrong with a stored label: blank, longer than `max`, not storable in Postgres, control characters. */
const labelRule = (value: string, max: number): string | null =>
  value.trim() === ""
    ? "must not be empty"
    : value.length > max
    ? `must be at most ${max} characters`
    : labelProblem(value);

/** A stored label: not blank, at most `max` characters, storable in Postgres, no control characters. */
const label = (max = 200) =>
  z.string(says("expected a string")).superRefine((value, ctx) => {
    const problem = labelRule(value, max);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const text = z.string(says("expected a string"));

/** Problems with a metadata value: its serialised size, and strings Postgres's jsonb cannot hold. */
function metadataIssues(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; message: string }[] {
  if (typeof value === "string") {
    const problem = storedStringProblem(value);
    return problem ? [{ path, message: problem }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => metadataIssues(item, [...path, i]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => {
      const problem = storedStringProblem(key);
      return problem
        ? [{ path: [...path, key], message: `key ${problem}` }]
        : metadataIssues(item, [...path, key]);
    });
  }
  return [];
}

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * `metadata`: a JSON object, returned as the very object that was parsed (a `z.record` would copy it, and
 * its copy drops a `__proto__` key: assigning one sets the prototype instead).
 */
const metadata = z.custom<Record<string, unknown>>(isJsonObject, { message: "must be a JSON object" })
  .superRefine(
    (value, ctx) => {
      if (!isJsonObject(value)) return;
      for (const { path, message } of metadataObjectIssues(value)) {
        ctx.addIssue({ code: "custom", message, ...(path ? { path } : {}) });
      }
    },
  );

/** Every problem of a metadata object: its size as JSON, then its strings (see {@link metadataIssues}). */
function metadataObjectIssues(
  value: Record<string, unknown>,
): { path?: (string | number)[]; message: string }[] {
  const json = JSON.stringify(value);
  // Each UTF-16 unit is at most 3 bytes of UTF-8, so a short text needs no encoding to be within the limit.
  const bytes = json.length * 3 <= MAX_METADATA_BYTES ? 0 : new TextEncoder().encode(json).length;
  const size = bytes > MAX_METADATA_BYTES
    ? [{ message: `is ${bytes} bytes as JSON; at most ${MAX_METADATA_BYTES} (16 KB) allowed` }]
    : [];
  return [...size, ...metadataIssues(value)];
}

const contentPart = z.object({ type: text, text: text.optional() }, says("expected a content part object"))
  .passthrough();

const message = z.object({
  role: label(64),
  content: z.union([text, z.array(contentPart)], says("expected a string or an array of content parts"))
    .nullish(),
  name: text.optional(),
}, says("expected a message object {role, content, name?}")).passthrough();

const tool = z.strictObject(
  { name: label(200), calls: count(), failures: count().optional() },
  says("expected a tool object {name, calls, failures}"),
);

/** What is wrong with a latency (a number), or null. */
const latencyProblem = (value: number): string | null =>
  value < 0
    ? "must not be negative"
    : value > MAX_LATENCY_MS
    ? "is unreasonably large (more than 7 days)"
    : null;

/** A SHA-256 as `system_prompt_hash` is sent: 64 hex digits, either case. */
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** A service tier as sent, as it is checked and kept: trimmed, lowercase. */
const normaliseServiceTier = (value: string): string => value.trim().toLowerCase();

/** The zod schema of each field an event may carry. */
export const EVENT_FIELDS = {
  request_id: label(200),
  source: label(100),
  occurred_at: z.string(says("expected a string")).datetime({
    offset: true,
    message: "must be an ISO 8601 timestamp with seconds and a time zone, e.g. 2026-01-05T10:00:00Z",
  }),
  provider: label(100),
  model: label(200),
  input_tokens: count(),
  cache_read_tokens: count(),
  cache_write_tokens: count(),
  cache_write_1h_tokens: count(),
  output_tokens: count(),
  reasoning_tokens: count(),
  system_prompt_tokens: count(),
  tool_calls: count(),
  tool_failures: count(),
  tools: z.array(tool, says("expected an array of tool objects")).max(1000, "at most 1000 tools"),
  status: z.enum(["ok", "error"], says("must be 'ok' or 'error'")),
  error_type: label(200),
  latency_ms: z.number(says("expected a number")).superRefine((value, ctx) => {
    const problem = latencyProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  conversation_id: label(200),
  user_id: label(200),
  customer_id: label(200),
  app: label(200),
  environment: label(200),
  prompt_variant: label(200),
  service_tier: z.string(says("expected a string")).transform(normaliseServiceTier)
    .superRefine((value, ctx) => {
      const problem = serviceTierProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  token_source: z.enum(
    ["provider", "tokenizer", "heuristic"],
    says("must be 'provider', 'tokenizer' or 'heuristic'"),
  ),
  system_prompt_hash: z.string(says("expected a string")).regex(SHA256_HEX, {
    message: "must be a hex SHA-256 (64 hex digits)",
  }),
  metadata,
  usage: z.unknown(),
  messages: z.array(message, says("expected an array of messages")).max(
    10_000,
    "at most 10000 messages",
  ),
  input_text: text,
  output_text: text,
  system_prompt: text,
  input_chars: count(4 * MAX_TOKENS_PER_EVENT),
  output_chars: count(4 * MAX_TOKENS_PER_EVENT),
} as const;

type Fields = typeof EVENT_FIELDS;

/** The whole event schema (every field optional, unknown keys rejected), for types and documentation. */
export const IncomingEventSchema = z.strictObject(EVENT_FIELDS).partial();

/** An event as a caller sends it. */
export type IncomingEvent = z.input<typeof IncomingEventSchema>;

/** The fields of an event that parsed, each in its output type. */
export type EventFields = { [K in keyof Fields]?: z.output<Fields[K]> };

/** The outcome of {@link parseEventFields}: every field that parsed, and a problem for every one that did not. */
export interface ParsedEventFields {
  fields: EventFields;
  errors: FieldError[];
}

/** What a fast check answers when it cannot vouch for a value: zod then parses it (and words the problem). */
const DECLINED: unique symbol = Symbol("declined");

/** A fast check: the value zod would return for `value`, when zod would accept it; else {@link DECLINED}. */
type FastCheck = (value: unknown) => unknown;

const fastLabel = (max = 200): FastCheck => (value) =>
  typeof value === "string" && labelRule(value, max) === null ? value : DECLINED;
const fastCount = (max: number = MAX_TOKENS_PER_EVENT): FastCheck => (value) =>
  typeof value === "number" && countProblem(value, max) === null ? value : DECLINED;
const fastText: FastCheck = (value) => (typeof value === "string" ? value : DECLINED);
const fastEnum = (schema: z.ZodEnum<[string, ...string[]]>): FastCheck => {
  const options = new Set<unknown>(schema.options);
  return (value) => (options.has(value) ? value : DECLINED);
};
/** zod's own test of `occurred_at` (the regex its `.datetime()` check builds from the check's options). */
const OCCURRED_AT_CHECK = (EVENT_FIELDS.occurred_at._def.checks as z.ZodStringCheck[]).find((check) =>
  check.kind === "datetime"
)!;
const OCCURRED_AT = z.datetimeRegex(OCCURRED_AT_CHECK as Parameters<typeof z.datetimeRegex>[0]);

/**
 * The fast path of the hot fields: each check accepts only values its zod schema accepts, and returns what
 * zod would return, by the very rules the schema applies (labelRule, countProblem, latencyProblem, ...);
 * anything else goes to zod, which then words the problem. tools and messages always go to zod.
 * event_schema_test.ts checks the two agree on many generated values, valid and invalid.
 */
export const FAST_FIELDS: { readonly [K in keyof Fields]?: FastCheck } = {
  request_id: fastLabel(200),
  source: fastLabel(100),
  occurred_at: (value) => (typeof value === "string" && OCCURRED_AT.test(value) ? value : DECLINED),
  provider: fastLabel(100),
  model: fastLabel(200),
  input_tokens: fastCount(),
  cache_read_tokens: fastCount(),
  cache_write_tokens: fastCount(),
  cache_write_1h_tokens: fastCount(),
  output_tokens: fastCount(),
  reasoning_tokens: fastCount(),
  system_prompt_tokens: fastCount(),
  tool_calls: fastCount(),
  tool_failures: fastCount(),
  status: fastEnum(EVENT_FIELDS.status),
  error_type: fastLabel(200),
  latency_ms: (value) =>
    typeof value === "number" && !Number.isNaN(value) && latencyProblem(value) === null ? value : DECLINED,
  conversation_id: fastLabel(200),
  user_id: fastLabel(200),
  customer_id: fastLabel(200),
  app: fastLabel(200),
  environment: fastLabel(200),
  prompt_variant: fastLabel(200),
  service_tier: (value) => {
    if (typeof value !== "string") return DECLINED;
    const tier = normaliseServiceTier(value);
    return serviceTierProblem(tier) === null ? tier : DECLINED;
  },
  token_source: fastEnum(EVENT_FIELDS.token_source),
  system_prompt_hash: (value) => (typeof value === "string" && SHA256_HEX.test(value) ? value : DECLINED),
  metadata: (value) => (isJsonObject(value) && metadataObjectIssues(value).length === 0 ? value : DECLINED),
  usage: (value) => value,
  input_text: fastText,
  output_text: fastText,
  system_prompt: fastText,
  input_chars: fastCount(4 * MAX_TOKENS_PER_EVENT),
  output_chars: fastCount(4 * MAX_TOKENS_PER_EVENT),
};

/** Options for {@link parseEventFields}. */
export interface ParseEventFieldsOptions {
  /** Use the fast checks ({@link FAST_FIELDS}) before zod; default true (false: zod alone, for tests). */
  fast?: boolean;
}

/**
 * Parses each field of a raw event on its own, so that one bad field does not hide the others: the fields
 * that parsed are returned for the rules between fields, together with every problem found.
 */
export function parseEventFields(
  raw: Record<string, unknown>,
  opts: ParseEventFieldsOptions = {},
): ParsedEventFields {
  const fast = opts.fast ?? true;
  const fields: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(EVENT_FIELDS, key)) {
      errors.push({ field: key, message: "unknown field (put custom data in metadata)" });
      continue;
    }
    if (value === null || value === undefined) continue;
    // Checked before zod (and everything after it) walks the value, without recursion.
    const tooDeep = typeof value === "object" ? nestingProblem(value) : null;
    if (tooDeep) {
      errors.push({ field: key, message: tooDeep });
      continue;
    }
    if (fast) {
      const checked = FAST_FIELDS[key as keyof Fields]?.(value) ?? DECLINED;
      if (checked !== DECLINED) {
        fields[key] = checked;
        continue;
      }
    }
    const parsed = EVENT_FIELDS[key as keyof Fields].safeParse(value);
    if (parsed.success) fields[key] = parsed.data;
    else errors.push(...issuesToErrors(parsed.error.issues, [key]));
  }
  return { fields: fields as EventFields, errors };
}

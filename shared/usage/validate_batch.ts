/**
 * Validates and normalises a batch of incoming events into canonical events, or lists every problem of
 * every event. Decisions:
 *
 * - Required: `request_id`, and `model` (which OpenTelemetry `usage` may supply as `gen_ai.response.model`
 *   / `gen_ai.request.model`). Input and output tokens are required as tokens or text: `usage` or
 *   `input_tokens` / `output_tokens`, else `messages` or `input_text` / `output_text`, else `input_chars` /
 *   `output_chars`. The one exception is a failed request (`status` `error`): what it lacks counts as 0 and
 *   the event is flagged `heuristic`, so that error rates can be watched even when nothing was billed.
 * - `usage` replaces the six token fields; sending both is an error. Provider counts always win over text.
 * - `error_type` without `status` means `status: 'error'`; `error_type` with `status: 'ok'` is an error.
 * - `token_source` is the least trustworthy of: the caller's `token_source` (or `provider` for reported
 *   counts) and how each of input and output was counted.
 * - Text is tokenized while the batch's budget lasts (token_counter.ts: 1,000,000 bytes of UTF-8 a
 *   request, spent in event order, each count whole or not at all); a count that does not fit is estimated
 *   (characters ÷ 4) and makes the event `heuristic`.
 * - `system_prompt` (text) gives `system_prompt_hash` (SHA-256) and, unless sent, `system_prompt_tokens`;
 *   when input is counted from text it is part of the input (as a leading system message when `messages`
 *   has no system or developer message of its own). A counted `system_prompt_tokens` is capped at
 *   `input_tokens` (its tokenizer may be approximate); a sent one larger than `input_tokens` is an error.
 * - `tools` gives `tool_calls` / `tool_failures` when they are not sent; when both are sent they must agree.
 * - Defaults: `source` 'api', `occurred_at` now, `status` 'ok', counts 0, optional text fields null,
 *   `metadata` {}. `occurred_at` is returned in UTC; `latency_ms` is rounded to whole milliseconds.
 * - `provider` (required by the table) is lower-cased, and inferred when not sent: from OpenTelemetry
 *   attributes, the model family (gpt-*, o-series → openai; claude* → anthropic; gemini* → google) or an
 *   Anthropic / Gemini usage shape; an event whose provider cannot be told is an error.
 * - The same (`source`, `request_id`) twice in a batch is fine when both normalise to the same event (the
 *   database keeps one), and an error on the later one otherwise. Repeats are returned, not removed.
 */
import {
  type CanonicalEvent,
  checkTokenCounts,
  type EventStatus,
  TOKEN_FIELDS,
  type TokenCounts,
  type TokenSource,
  type ToolUsage,
  weakestTokenSource,
} from "./canonical_event.ts";
import { type EventFields, parseEventFields, serviceTierProblem } from "./event_schema.ts";
import type { FieldError } from "./field_checks.ts";
import { inferProvider, type MappedUsage, mapProviderUsage } from "./provider_usage.ts";
import { countSystemPromptTokens, hashSystemPrompt } from "./system_prompt.ts";
import {
  type ChatMessage,
  countTokens,
  type TokenCount,
  type TokenizeBudget,
  tokenizeBudget,
  utf8Length,
} from "./token_counter.ts";

/** Options for {@link validateBatch} and {@link normaliseEvent}. */
export interface ValidateBatchOptions {
  /** The time `occurred_at` defaults to and is checked against; now by default. */
  now?: Date;
  /** How far in the future `occurred_at` may be (clock skew); 5 minutes by default. */
  maxFutureMs?: number;
  /**
   * What may still be tokenized: shared by every event of the batch (and, in the chat importer, of the
   * drain); a fresh {@link TokenizeBudget} per {@link validateBatch} call by default. Text that does not
   * fit is estimated (see token_counter.ts).
   */
  budget?: TokenizeBudget;
}

/** One problem of one event in a batch; `index` is the event's position in the batch (0-based). */
export interface BatchError extends FieldError {
  index: number;
}

/** The outcome of {@link validateBatch}: all events normalised, or every problem found. */
export type ValidateBatchResult = { ok: true; events: CanonicalEvent[] } | {
  ok: false;
  errors: BatchError[];
};

/** The outcome of {@link normaliseEvent}. */
export type NormaliseResult = { ok: true; event: CanonicalEvent } | { ok: false; errors: FieldError[] };

/** Default allowance for clocks running ahead: 5 minutes. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

type Side = "input" | "output";

const REQUIRED_HINT: Record<Side, string> = {
  input:
    "tokens or text are required for input_tokens: send usage, input_tokens, messages, input_text or input_chars",
  output:
    "tokens or text are required for output_tokens: send usage, output_tokens, output_text or output_chars",
};

/** What the rules for one event read: the raw event, the fields that parsed, and the problems so far. */
interface EventContext {
  raw: Record<string, unknown>;
  f: EventFields;
  errors: FieldError[];
  mapped: MappedUsage | undefined;
  model: string | undefined;
  status: EventStatus;
  opts: ValidateBatchOptions & { budget: TokenizeBudget };
}

/** Whether the raw event carries a key (null counts as absent), parsed or not. */
const given = (ctx: EventContext, key: string): boolean =>
  ctx.raw[key] !== undefined && ctx.raw[key] !== null;

/** A field that was sent but did not parse: its value is unknown, so rules involving it are skipped. */
const unparsed = (ctx: EventContext, key: keyof EventFields): boolean =>
  given(ctx, key) && ctx.f[key] === undefined;

/** The messages as counted: text parts joined, the system prompt first when they have none. */
function chatMessages(f: EventFields): ChatMessage[] | undefined {
  if (!f.messages) return undefined;
  const messages = f.messages.map(({ role, content, name }) => ({
    role,
    content: typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join(""),
    ...(name === undefined ? {} : { name }),
  }));
  const hasSystem = messages.some((m) => m.role === "system" || m.role === "developer");
  return f.system_prompt !== undefined && !hasSystem
    ? [{ role: "system", content: f.system_prompt }, ...messages]
    : messages;
}

/** Input or output tokens: reported, else counted from text, else estimated; undefined when impossible. */
async function resolveTokens(
  ctx: EventContext,
  side: Side,
  systemPromptTokens: number | undefined,
): Promise<TokenCount | undefined> {
  const { f, mapped, model, opts } = ctx;
  const key = `${side}_tokens` as const;
  if (mapped) return { tokens: mapped.tokens[key], source: "provider" };
  const reported = f[key];
  if (given(ctx, key)) return reported === undefined ? undefined : { tokens: reported, source: "provider" };
  const textKeys = side === "input"
    ? ["messages", "input_text", "input_chars"] as const
    : ["output_text", "output_chars"] as const;
  if (!textKeys.some((k) => f[k] !== undefined)) {
    if (ctx.status === "error") return { tokens: 0, source: "heuristic" };
    if (!textKeys.some((k) => given(ctx, k)) && !given(ctx, "usage")) {
      ctx.errors.push({ field: key, message: REQUIRED_HINT[side] });
    }
    return undefined;
  }
  if (model === undefined) return undefined;
  const budget = opts.budget;
  if (side === "output") {
    return await countTokens({ model, text: f.output_text, chars: f.output_chars, budget }) ?? undefined;
  }
  const counted = await countTokens({
    model,
    messages: chatMessages(f),
    text: f.input_text,
    chars: f.input_chars,
    budget,
  });
  // A system prompt sent beside input_text is part of the input (chatMessages puts it among the messages).
  if (counted && f.input_text !== undefined) counted.tokens += systemPromptTokens ?? 0;
  return counted ?? undefined;
}

/** The six token counts, checked against each other where they did not come from mapped usage. */
function tokenCounts(
  ctx: EventContext,
  input: TokenCount | undefined,
  output: TokenCount | undefined,
): TokenCounts {
  const { f, mapped } = ctx;
  if (mapped) return mapped.tokens; // checked by mapProviderUsage
  const part = (key: keyof TokenCounts): number | undefined => (unparsed(ctx, key) ? undefined : f[key] ?? 0);
  const known = {
    input_tokens: input?.tokens,
    cache_read_tokens: part("cache_read_tokens"),
    cache_write_tokens: part("cache_write_tokens"),
    cache_write_1h_tokens: part("cache_write_1h_tokens"),
    output_tokens: output?.tokens,
    reasoning_tokens: part("reasoning_tokens"),
  };
  ctx.errors.push(...checkTokenCounts(known));
  const counts = {} as TokenCounts;
  for (const key of TOKEN_FIELDS) counts[key] = known[key] ?? 0;
  return counts;
}

/** `system_prompt_hash` and `system_prompt_tokens`, from the text when it was sent. */
async function systemPromptFields(
  ctx: EventContext,
  counted: number | undefined,
  input: TokenCount | undefined,
): Promise<Pick<CanonicalEvent, "system_prompt_hash" | "system_prompt_tokens">> {
  const { f, errors } = ctx;
  let tokens = counted ?? null;
  if (tokens !== null && input) {
    if (f.system_prompt_tokens === undefined) tokens = Math.min(tokens, input.tokens);
    else if (tokens > input.tokens) {
      errors.push({
        field: "system_prompt_tokens",
        message: `system_prompt_tokens (${tokens}) exceeds input_tokens (${input.tokens}), which includes it`,
      });
    }
  }
  const sent = f.system_prompt_hash?.toLowerCase() ?? null;
  if (f.system_prompt === undefined) return { system_prompt_hash: sent, system_prompt_tokens: tokens };
  const hash = await hashSystemPrompt(f.system_prompt);
  if (sent !== null && sent !== hash) {
    errors.push({ field: "system_prompt_hash", message: "does not match the SHA-256 of system_prompt" });
  }
  return { system_prompt_hash: hash, system_prompt_tokens: tokens };
}

/**
 * `tools`, `tool_calls` and `tool_failures`: failures within calls per tool and in total, tool names unique,
 * totals derived from `tools` when not sent and equal to their sums when both are.
 */
function toolFields(ctx: EventContext): Pick<CanonicalEvent, "tools" | "tool_calls" | "tool_failures"> {
  const { f, errors } = ctx;
  const tools =
    f.tools?.map(({ name, calls, failures }): ToolUsage => ({ name, calls, failures: failures ?? 0 })) ??
      null;
  const seen = new Set<string>();
  tools?.forEach(({ name, calls, failures }, i) => {
    if (failures > calls) {
      errors.push({
        field: `tools[${i}].failures`,
        message: `failures (${failures}) exceeds calls (${calls})`,
      });
    }
    if (seen.has(name)) errors.push({ field: `tools[${i}].name`, message: `duplicate tool name "${name}"` });
    seen.add(name);
  });
  const total = (key: "tool_calls" | "tool_failures", part: "calls" | "failures"): number => {
    const sum = tools?.reduce((n, t) => n + t[part], 0);
    const sent = f[key];
    if (sent !== undefined && sum !== undefined && sent !== sum) {
      errors.push({
        field: key,
        message: `${key} (${sent}) does not equal the sum of tools[].${part} (${sum})`,
      });
    }
    return sent ?? sum ?? 0;
  };
  const tool_calls = total("tool_calls", "calls");
  const tool_failures = total("tool_failures", "failures");
  const known = !(["tools", "tool_calls", "tool_failures"] as const).some((key) => unparsed(ctx, key));
  if (known && tool_failures > tool_calls) {
    errors.push({
      field: "tool_failures",
      message: `tool_failures (${tool_failures}) exceeds tool_calls (${tool_calls})`,
    });
  }
  return { tools, tool_calls, tool_failures };
}

/**
 * The most UTF-8 bytes of text normalising a raw event can tokenize: its messages (role, content, name),
 * `input_text`, `output_text`, and `system_prompt` twice (counted alone and, with messages, as one of them).
 */
export function eventTextBytes(raw: Record<string, unknown>): number {
  const text = (value: unknown): number => (typeof value === "string" ? utf8Length(value) : 0);
  let bytes = text(raw.input_text) + text(raw.output_text) + 2 * text(raw.system_prompt);
  if (Array.isArray(raw.messages)) {
    for (const message of raw.messages) {
      if (!isRecord(message)) continue;
      bytes += text(message.role) + text(message.name);
      const content = message.content;
      if (typeof content === "string") bytes += utf8Length(content);
      else if (Array.isArray(content)) {
        for (const part of content) if (isRecord(part)) bytes += text(part.text);
      }
    }
  }
  return bytes;
}

/** Normalises one raw event, or lists every problem with it. */
export async function normaliseEvent(
  raw: unknown,
  opts: ValidateBatchOptions = {},
): Promise<NormaliseResult> {
  if (!isRecord(raw)) return { ok: false, errors: [{ field: "event", message: "must be a JSON object" }] };
  const { fields: f, errors } = parseEventFields(raw);
  const ctx: EventContext = {
    raw,
    f,
    errors,
    mapped: undefined,
    model: f.model,
    status: f.status ?? (f.error_type !== undefined ? "error" : "ok"),
    opts: { ...opts, budget: opts.budget ?? tokenizeBudget() },
  };

  // A `usage` that did not parse (nested too deep) is not mapped: its problem is already listed.
  if (given(ctx, "usage") && !unparsed(ctx, "usage")) {
    const result = mapProviderUsage(raw.usage, { provider: f.provider });
    if (result.ok) ctx.mapped = result.usage;
    else errors.push(...result.errors);
    for (const field of TOKEN_FIELDS.filter((key) => given(ctx, key))) {
      errors.push({ field, message: "conflicts with usage: send either usage or token fields, not both" });
    }
  }
  const attributes = ctx.mapped?.attributes ?? {};
  const model = ctx.model ??= attributes.model;
  if (!given(ctx, "request_id")) errors.push({ field: "request_id", message: "required" });
  if (!given(ctx, "model") && model === undefined) errors.push({ field: "model", message: "required" });
  const inferred = model === undefined ? undefined : inferProvider(model, ctx.mapped?.shape);
  const provider = (f.provider ?? attributes.provider ?? inferred)?.toLowerCase();
  if (!given(ctx, "provider") && model !== undefined && provider === undefined) {
    errors.push({ field: "provider", message: `required: cannot tell it from model "${model}"` });
  }
  if (f.messages !== undefined && f.input_text !== undefined) {
    errors.push({ field: "input_text", message: "send either messages or input_text, not both" });
  }
  if (f.status === "ok" && f.error_type !== undefined) {
    errors.push({ field: "error_type", message: "only allowed with status 'error'" });
  }

  const promptCount =
    f.system_prompt !== undefined && model !== undefined && f.system_prompt_tokens === undefined
      ? await countSystemPromptTokens(f.system_prompt, model, ctx.opts.budget)
      : undefined;
  const countedSystemPrompt = promptCount?.tokens ?? f.system_prompt_tokens;
  const input = await resolveTokens(ctx, "input", countedSystemPrompt);
  const output = await resolveTokens(ctx, "output", countedSystemPrompt);
  const tokens = tokenCounts(ctx, input, output);
  const systemPrompt = await systemPromptFields(ctx, countedSystemPrompt, input);
  const tools = toolFields(ctx);

  const now = opts.now ?? new Date();
  const occurred = f.occurred_at === undefined ? now : new Date(f.occurred_at);
  if (occurred.getTime() > now.getTime() + (opts.maxFutureMs ?? MAX_FUTURE_MS)) {
    errors.push({
      field: "occurred_at",
      message: `is in the future (later than ${now.toISOString()} plus clock skew allowance)`,
    });
  }

  // The caller's service_tier wins over the one the usage object reports (e.g. a Batch result re-sent).
  const reportedTier = attributes.service_tier?.trim().toLowerCase();
  const reportedTierProblem = f.service_tier === undefined && reportedTier !== undefined
    ? serviceTierProblem(reportedTier)
    : null;
  if (reportedTierProblem) errors.push({ field: "usage.service_tier", message: reportedTierProblem });
  const serviceTier = f.service_tier ?? reportedTier ?? "default";

  if (
    errors.length > 0 || !input || !output || model === undefined || provider === undefined ||
    f.request_id === undefined
  ) {
    return { ok: false, errors };
  }
  const sources: TokenSource[] = [
    input.source,
    output.source,
    ...(f.token_source ? [f.token_source] : []),
    // A system prompt estimated for want of budget flags the event; one tokenized leaves it as it was.
    ...(promptCount?.source === "heuristic" ? [promptCount.source] : []),
  ];
  return {
    ok: true,
    event: {
      request_id: f.request_id,
      source: f.source ?? "api",
      occurred_at: occurred.toISOString(),
      provider,
      model,
      ...tokens,
      system_prompt_tokens: systemPrompt.system_prompt_tokens,
      ...tools,
      status: ctx.status,
      error_type: f.error_type ?? null,
      latency_ms: f.latency_ms === undefined ? null : Math.round(f.latency_ms),
      conversation_id: f.conversation_id ?? attributes.conversation_id ?? null,
      user_id: f.user_id ?? null,
      customer_id: f.customer_id ?? null,
      app: f.app ?? null,
      environment: f.environment ?? null,
      prompt_variant: f.prompt_variant ?? null,
      token_source: weakestTokenSource(sources),
      service_tier: serviceTier,
      system_prompt_hash: systemPrompt.system_prompt_hash,
      metadata: f.metadata ?? {},
    },
  };
}

/** JSON with object keys sorted, so that equal events serialise equally whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      isRecord(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
  );
}

/**
 * Validates every event of a batch and normalises them (provider usage mapped, missing tokens counted,
 * system prompt hashed and counted, defaults applied). Returns all events, in order, or every problem of
 * every event, each with its event's index and a dotted field path.
 */
export async function validateBatch(
  rawEvents: unknown[],
  opts: ValidateBatchOptions = {},
): Promise<ValidateBatchResult> {
  const options = { ...opts, now: opts.now ?? new Date(), budget: opts.budget ?? tokenizeBudget() };
  const errors: BatchError[] = [];
  const events: CanonicalEvent[] = [];
  // The first event of each (source, request_id); compared as canonical JSON only when the key repeats.
  const firstSeen = new Map<string, { index: number; event: CanonicalEvent }>();
  for (const [index, raw] of rawEvents.entries()) {
    const result = await normaliseEvent(raw, options);
    if (!result.ok) {
      errors.push(...result.errors.map((e) => ({ index, ...e })));
      continue;
    }
    events.push(result.event);
    const key = JSON.stringify([result.event.source, result.event.request_id]);
    const first = firstSeen.get(key);
    if (!first) firstSeen.set(key, { index, event: result.event });
    else if (canonicalJson(first.event) !== canonicalJson(result.event)) {
      errors.push({
        index,
        field: "request_id",
        message: `repeats the source and request_id of event ${first.index} with different content`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

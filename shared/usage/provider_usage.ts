/**
 * Maps a provider's usage object, exactly as its API returned it, onto the canonical token counts.
 *
 * | shape | input_tokens | cache_read / cache_write | output_tokens | reasoning |
 * | --- | --- | --- | --- | --- |
 * | OpenAI Chat | `prompt_tokens` (includes cached) | `prompt_tokens_details.cached_tokens` / `.cache_write_tokens` | `completion_tokens` (includes reasoning) | `completion_tokens_details.reasoning_tokens` |
 * | OpenAI Responses | `input_tokens` (includes cached) | `input_tokens_details.cached_tokens` / `.cache_write_tokens` | `output_tokens` | `output_tokens_details.reasoning_tokens` |
 * | Anthropic | `input_tokens` + `cache_read_input_tokens` + `cache_creation_input_tokens` (input_tokens excludes both) | `cache_read_input_tokens` / `cache_creation_input_tokens`, 1h part `cache_creation.ephemeral_1h_input_tokens` | `output_tokens` | `output_tokens_details.thinking_tokens` when present |
 * | Gemini | `promptTokenCount` (includes cached) + `toolUsePromptTokenCount` | `cachedContentTokenCount` / - | `candidatesTokenCount` + `thoughtsTokenCount` (candidates exclude thoughts) | `thoughtsTokenCount` |
 * | OpenTelemetry GenAI | `gen_ai.usage.input_tokens` (includes cache) | `gen_ai.usage.cache_read.input_tokens` / `gen_ai.usage.cache_creation.input_tokens` (`cache_write` since semconv 1.42) | `gen_ai.usage.output_tokens` | `gen_ai.usage.reasoning.output_tokens` |
 *
 * The shape is told by the keys; `provider` only breaks the tie of a bare `{input_tokens, output_tokens}`,
 * which maps to the same numbers either way. Keys a shape does not use (`total_tokens`, `audio_tokens`, other
 * span attributes, ...) are ignored, since providers add fields over time; `service_tier` is kept as an
 * attribute (see {@link UsageAttributes}).
 */
import { checkTokenCounts, type TokenCounts } from "./canonical_event.ts";
import { countProblem, type FieldError, formatPath } from "./field_checks.ts";

/** The usage shapes that are understood. */
export type UsageShape = "openai_chat" | "openai_responses" | "anthropic" | "gemini" | "otel";

/**
 * Request attributes found beside the token counts: model, provider and conversation from OpenTelemetry
 * span attributes; the service tier from Anthropic's `usage.service_tier` (`standard`, `priority`, `batch`),
 * a `service_tier` string in any other usage object, or the span attribute `openai.response.service_tier`
 * (older: `gen_ai.openai.response.service_tier`), as reported (validate_batch.ts checks and lowercases it).
 */
export interface UsageAttributes {
  model?: string;
  provider?: string;
  conversation_id?: string;
  service_tier?: string;
}

/** Where a usage object says which service tier served the request, first found wins. */
export const SERVICE_TIER_KEYS = [
  "service_tier",
  "openai.response.service_tier",
  "gen_ai.openai.response.service_tier",
] as const;

function serviceTierOf(usage: Usage): { service_tier?: string } {
  for (const key of SERVICE_TIER_KEYS) {
    const value = usage[key];
    if (typeof value === "string") return { service_tier: value };
  }
  return {};
}

/** A usage object mapped onto canonical token counts. */
export interface MappedUsage {
  shape: UsageShape;
  tokens: TokenCounts;
  /** For each token field, the path of the usage field it was read from, for error messages. */
  sources: Partial<Record<keyof TokenCounts, string>>;
  attributes: UsageAttributes;
}

/** The outcome of {@link mapProviderUsage}. */
export type MapUsageResult = { ok: true; usage: MappedUsage } | { ok: false; errors: FieldError[] };

/** Options for {@link mapProviderUsage}. */
export interface MapUsageOptions {
  /** The event's `provider`, e.g. `anthropic`. */
  provider?: string;
  /** Path of the usage object in error messages; `usage` by default. */
  path?: string;
}

type Usage = Record<string, unknown>;
type Classified = { shape: UsageShape } | { problem: string };

const isObject = (value: unknown): value is Usage =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const present = (usage: Usage, key: string): boolean => usage[key] !== undefined && usage[key] !== null;

const ANTHROPIC_ONLY = ["cache_creation_input_tokens", "cache_read_input_tokens", "cache_creation"];
// Not output_tokens_details: newer Anthropic responses carry it too (with thinking_tokens).
const RESPONSES_ONLY = ["input_tokens_details", "total_tokens"];

function classify(usage: Usage, provider: string | undefined): Classified {
  const keys = Object.keys(usage);
  if (keys.some((key) => key.startsWith("gen_ai."))) return { shape: "otel" };
  if (present(usage, "promptTokenCount") || present(usage, "candidatesTokenCount")) {
    return { shape: "gemini" };
  }
  if (present(usage, "prompt_tokens") || present(usage, "completion_tokens")) return { shape: "openai_chat" };
  if (present(usage, "input_tokens") || present(usage, "output_tokens")) {
    const anthropic = ANTHROPIC_ONLY.filter((key) => present(usage, key));
    const responses = RESPONSES_ONLY.filter((key) => present(usage, key));
    if (anthropic.length > 0 && responses.length > 0) {
      return {
        problem: `mixes Anthropic fields (${anthropic.join(", ")}) with OpenAI Responses fields (${
          responses.join(", ")
        })`,
      };
    }
    if (anthropic.length > 0) return { shape: "anthropic" };
    if (responses.length > 0) return { shape: "openai_responses" };
    return { shape: provider?.toLowerCase().includes("anthropic") ? "anthropic" : "openai_responses" };
  }
  return {
    problem: `unrecognised usage shape (keys: ${keys.join(", ") || "none"}); expected OpenAI Chat ` +
      "(prompt_tokens), OpenAI Responses or Anthropic (input_tokens), Gemini (promptTokenCount) or " +
      "OpenTelemetry GenAI attributes (gen_ai.usage.input_tokens)",
  };
}

/** Which usage shape an object has, or null when it fits none (or mixes two). */
export function detectUsageShape(usage: Record<string, unknown>, provider?: string): UsageShape | null {
  const classified = classify(usage, provider);
  return "shape" in classified ? classified.shape : null;
}

const PROVIDER_BY_MODEL: [RegExp, string][] = [
  [/^(?:gpt-|chatgpt-|o[1-9](?:$|-)|text-embedding-|omni-moderation|davinci|babbage)/, "openai"],
  [/^(?:anthropic\.)?claude/, "anthropic"],
  [/^gemini/, "google"],
];

/**
 * The provider a request most likely went to, for events that do not say: from the model family
 * (`gpt-*`, `o1`/`o3`/`o4*`, `chatgpt-*` → openai; `claude*` → anthropic; `gemini*` → google; a
 * `vendor/` prefix is ignored), else from a usage shape only one provider returns (Anthropic, Gemini).
 */
export function inferProvider(model: string, shape?: UsageShape): string | undefined {
  const name = model.trim().toLowerCase().replace(/^ft:/, "").split("/").pop() ?? "";
  const byModel = PROVIDER_BY_MODEL.find(([pattern]) => pattern.test(name))?.[1];
  return byModel ?? (shape === "anthropic" ? "anthropic" : shape === "gemini" ? "google" : undefined);
}

/** Reads counts out of one usage object, collecting a field error for each bad value. */
class UsageReader {
  readonly errors: FieldError[] = [];
  constructor(private readonly usage: Usage, private readonly root: string) {}

  path(...keys: string[]): string {
    return formatPath([this.root, ...keys].filter((part) => part !== ""));
  }

  /** The count at `keys` (nested), 0 when absent or null; `required` makes absence an error. */
  count(keys: string[], required = false): number {
    let value: unknown = this.usage;
    for (const [i, key] of keys.entries()) {
      if (!isObject(value)) {
        this.errors.push({ field: this.path(...keys.slice(0, i)), message: "must be an object" });
        return 0;
      }
      value = value[key];
      if (value === undefined || value === null) {
        if (required) this.errors.push({ field: this.path(...keys), message: "required" });
        return 0;
      }
    }
    const problem = countProblem(value);
    if (problem) this.errors.push({ field: this.path(...keys), message: problem });
    return problem ? 0 : value as number;
  }

  /** The first present count among alias keys; two aliases that disagree are an error. */
  alias(keys: string[], required = false): { value: number; key: string } {
    const found = keys.filter((key) => present(this.usage, key));
    if (found.length === 0) return { value: required ? this.count([keys[0]], true) : 0, key: keys[0] };
    const [first, ...others] = found.map((key) => ({ key, value: this.count([key]) }));
    for (const other of others) {
      if (other.value !== first.value) {
        this.errors.push({
          field: this.path(other.key),
          message: `disagrees with ${first.key} (${other.value} vs ${first.value})`,
        });
      }
    }
    return first;
  }

  text(key: string): string | undefined {
    const value = this.usage[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string" && value !== "") return value;
    this.errors.push({ field: this.path(key), message: "must be a non-empty string" });
    return undefined;
  }
}

const zero: TokenCounts = {
  input_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  output_tokens: 0,
  reasoning_tokens: 0,
};

type Mapping = Pick<MappedUsage, "tokens" | "sources"> & { attributes?: UsageAttributes };

function mapOpenAI(read: UsageReader, shape: "openai_chat" | "openai_responses"): Mapping {
  const [inKey, outKey, inDetails, outDetails] = shape === "openai_chat"
    ? ["prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details"]
    : ["input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details"];
  return {
    tokens: {
      ...zero,
      input_tokens: read.count([inKey], true),
      cache_read_tokens: read.count([inDetails, "cached_tokens"]),
      cache_write_tokens: read.count([inDetails, "cache_write_tokens"]),
      // An embeddings response reports prompt_tokens only, so Chat output may be absent.
      output_tokens: read.count([outKey], shape === "openai_responses"),
      reasoning_tokens: read.count([outDetails, "reasoning_tokens"]),
    },
    sources: {
      input_tokens: read.path(inKey),
      cache_read_tokens: read.path(inDetails, "cached_tokens"),
      cache_write_tokens: read.path(inDetails, "cache_write_tokens"),
      output_tokens: read.path(outKey),
      reasoning_tokens: read.path(outDetails, "reasoning_tokens"),
    },
  };
}

function mapAnthropic(read: UsageReader, usage: Usage): Mapping {
  const uncached = read.count(["input_tokens"], true);
  const cacheRead = read.count(["cache_read_input_tokens"]);
  const fiveMinutes = read.count(["cache_creation", "ephemeral_5m_input_tokens"]);
  const oneHour = read.count(["cache_creation", "ephemeral_1h_input_tokens"]);
  // cache_creation_input_tokens is the sum of the cache_creation object; older responses have only the sum.
  const cacheWrite = present(usage, "cache_creation_input_tokens")
    ? read.count(["cache_creation_input_tokens"])
    : fiveMinutes + oneHour;
  return {
    tokens: {
      ...zero,
      input_tokens: uncached + cacheRead + cacheWrite,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
      cache_write_1h_tokens: oneHour,
      output_tokens: read.count(["output_tokens"], true),
      reasoning_tokens: read.count(["output_tokens_details", "thinking_tokens"]),
    },
    sources: {
      input_tokens: read.path("input_tokens"),
      cache_read_tokens: read.path("cache_read_input_tokens"),
      cache_write_tokens: read.path("cache_creation_input_tokens"),
      cache_write_1h_tokens: read.path("cache_creation", "ephemeral_1h_input_tokens"),
      output_tokens: read.path("output_tokens"),
      reasoning_tokens: read.path("output_tokens_details", "thinking_tokens"),
    },
  };
}

function mapGemini(read: UsageReader): Mapping {
  const thoughts = read.count(["thoughtsTokenCount"]);
  return {
    tokens: {
      ...zero,
      input_tokens: read.count(["promptTokenCount"], true) + read.count(["toolUsePromptTokenCount"]),
      cache_read_tokens: read.count(["cachedContentTokenCount"]),
      // Absent when the response was blocked before any candidate was generated.
      output_tokens: read.count(["candidatesTokenCount"]) + thoughts,
      reasoning_tokens: thoughts,
    },
    sources: {
      input_tokens: read.path("promptTokenCount"),
      cache_read_tokens: read.path("cachedContentTokenCount"),
      output_tokens: read.path("candidatesTokenCount"),
      reasoning_tokens: read.path("thoughtsTokenCount"),
    },
  };
}

/** OpenTelemetry attribute names per canonical field, current name first, then older spellings still emitted. */
const OTEL_KEYS: Partial<Record<keyof TokenCounts, string[]>> = {
  input_tokens: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"],
  cache_read_tokens: ["gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"],
  cache_write_tokens: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
  ],
  output_tokens: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"],
  reasoning_tokens: ["gen_ai.usage.reasoning.output_tokens"],
};

function mapOtel(read: UsageReader): Mapping {
  const tokens = { ...zero };
  const sources: Mapping["sources"] = {};
  for (const [field, keys] of Object.entries(OTEL_KEYS) as [keyof TokenCounts, string[]][]) {
    const required = field === "input_tokens" || field === "output_tokens";
    const { value, key } = read.alias(keys, required);
    tokens[field] = value;
    sources[field] = read.path(key);
  }
  const model = read.text("gen_ai.response.model") ?? read.text("gen_ai.request.model");
  const provider = read.text("gen_ai.provider.name") ?? read.text("gen_ai.system");
  const conversation_id = read.text("gen_ai.conversation.id");
  const attributes = Object.fromEntries(
    Object.entries({ model, provider, conversation_id }).filter(([, value]) => value !== undefined),
  );
  return { tokens, sources, attributes };
}

/**
 * Maps a provider usage object onto canonical token counts, or lists every problem with it: a value that is
 * not a count, a required count that is missing, a part larger than its whole, or a shape that fits nothing.
 */
export function mapProviderUsage(usage: unknown, opts: MapUsageOptions = {}): MapUsageResult {
  const root = opts.path ?? "usage";
  if (!isObject(usage)) {
    return {
      ok: false,
      errors: [{ field: root, message: "must be an object (the provider's usage object)" }],
    };
  }
  const classified = classify(usage, opts.provider);
  if ("problem" in classified) return { ok: false, errors: [{ field: root, message: classified.problem }] };
  const { shape } = classified;
  const read = new UsageReader(usage, root);
  const mapping = shape === "anthropic"
    ? mapAnthropic(read, usage)
    : shape === "gemini"
    ? mapGemini(read)
    : shape === "otel"
    ? mapOtel(read)
    : mapOpenAI(read, shape);
  if (read.errors.length > 0) return { ok: false, errors: read.errors };
  const errors = checkTokenCounts(mapping.tokens, (field) => mapping.sources[field] ?? `${root} (${field})`);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    usage: {
      shape,
      tokens: mapping.tokens,
      sources: mapping.sources,
      attributes: { ...mapping.attributes, ...serviceTierOf(usage) },
    },
  };
}

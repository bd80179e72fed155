const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
/** The error type to record for a thrown SDK error. */
export function errorTypeOf(error) {
    const e = (isObject(error) ? error : {});
    const status = typeof e.status === "number" ? e.status : undefined;
    const body = isObject(e.error) ? e.error : {};
    const nested = isObject(body.error) ? body.error : {};
    const candidates = [e.code, nested.type, body.code, body.type, e.type];
    const named = candidates.find((value) => typeof value === "string" && value !== "");
    const errorType = named ??
        (status !== undefined
            ? `http_${status}`
            : typeof e.name === "string" && e.name !== ""
                ? e.name
                : "error");
    return { errorType: errorType.slice(0, 200), httpStatus: status };
}
/** The ingest event of an outcome. */
export function eventOf(outcome, defaults) {
    const { context } = outcome;
    // Without usage or text ingest has nothing to count: only a failed request may come without.
    const countless = !outcome.usage && !outcome.text;
    const failed = outcome.errorType !== undefined || outcome.streamEnd === "broken" || countless;
    const metadata = { ...context.metadata };
    if (outcome.streamEnd && outcome.streamEnd !== "complete")
        metadata.stream_incomplete = outcome.streamEnd;
    if (outcome.httpStatus !== undefined)
        metadata.http_status = outcome.httpStatus;
    if (outcome.firstEventMs !== undefined)
        metadata.time_to_first_event_ms = outcome.firstEventMs;
    const event = {
        request_id: outcome.id ?? crypto.randomUUID(),
        occurred_at: new Date(outcome.startedAt).toISOString(),
        provider: outcome.provider,
        model: outcome.model ?? outcome.requestModel ?? "unknown",
        status: failed ? "error" : "ok",
        latency_ms: Math.max(0, outcome.endedAt - outcome.startedAt),
    };
    if (defaults.source)
        event.source = defaults.source;
    if (failed) {
        event.error_type = outcome.errorType ??
            (outcome.streamEnd === "cancelled"
                ? "stream_cancelled"
                : outcome.streamEnd
                    ? "stream_interrupted"
                    : "no_usage");
    }
    if (outcome.usage)
        event.usage = outcome.usage;
    else if (outcome.text)
        Object.assign(event, outcome.text);
    const dims = [
        ["user_id", context.user],
        ["conversation_id", context.conversation],
        ["prompt_variant", context.promptVariant],
        ["customer_id", context.customerId ?? defaults.customerId],
        ["app", context.app ?? defaults.app],
        ["environment", context.environment ?? defaults.environment],
    ];
    for (const [field, value] of dims) {
        if (typeof value === "string" && value !== "") {
            event[field] = value;
        }
    }
    if (Object.keys(metadata).length > 0)
        event.metadata = metadata;
    return event;
}

/** A failure to deliver events, as handed to `onError`. */
export class TokenwatchDeliveryError extends Error {
    status;
    requestIds;
    details;
    constructor(message, 
    /** HTTP status of the last answer, when there was one. */
    status, 
    /** The request ids of the events concerned. */
    requestIds, 
    /** The answer's body (parsed JSON when it was JSON), or the underlying error. */
    details) {
        super(message);
        this.status = status;
        this.requestIds = requestIds;
        this.details = details;
        this.name = "TokenwatchDeliveryError";
    }
}
const parseJson = (text) => {
    try {
        return JSON.parse(text);
    }
    catch {
        return text;
    }
};
/** The indices of the events a 400 names, or null when it names none. */
function invalidIndices(body, size) {
    const problems = body?.problems;
    if (!Array.isArray(problems))
        return null;
    const indices = new Set();
    for (const problem of problems) {
        const index = problem?.index;
        if (!Number.isInteger(index) || index < 0 || index >= size)
            return null;
        indices.add(index);
    }
    return indices.size > 0 ? [...indices].sort((a, b) => a - b) : null;
}
/** `Retry-After` in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value, now) {
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds))
        return seconds >= 0 ? seconds * 1000 : undefined;
    const date = Date.parse(value);
    return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
/** Queues events and delivers them to ingest; see the module comment. */
export class EventSender {
    #config;
    #queue = [];
    #inFlight = 0;
    #sending = null;
    #timer = undefined;
    #closed = false;
    #stats = {
        sent: 0,
        dropped: 0,
        rejected: 0,
        failed: 0,
        retries: 0,
    };
    constructor(config) {
        this.#config = config;
    }
    /** Queues one event; false (and counted as dropped) when the queue is full or the sender shut down. */
    enqueue(event) {
        if (this.#closed || this.#queue.length + this.#inFlight >= this.#config.maxQueueSize) {
            this.#stats.dropped++;
            return false;
        }
        this.#queue.push(event);
        if (this.#queue.length >= this.#config.maxBatchSize)
            this.#kick();
        else
            this.#schedule();
        return true;
    }
    /** Sends everything queued now; resolves when nothing is queued or in flight (it never rejects). */
    async flush() {
        this.#cancelTimer();
        while (this.#queue.length > 0 || this.#sending) {
            this.#kick();
            await this.#sending;
        }
    }
    /** Flushes, then refuses (drops and counts) every later event. */
    async shutdown() {
        this.#closed = true;
        await this.flush();
    }
    /** The counters so far. */
    stats() {
        return { pending: this.#queue.length + this.#inFlight, ...this.#stats };
    }
    #schedule() {
        if (this.#timer !== undefined || this.#sending)
            return;
        this.#timer = this.#config.timers.setTimeout(() => {
            this.#timer = undefined;
            this.#kick();
        }, this.#config.flushIntervalMs);
        // Node: a pending batch must not keep the process alive (flush() / shutdown() send it).
        this.#timer?.unref?.();
    }
    #cancelTimer() {
        if (this.#timer === undefined)
            return;
        this.#config.timers.clearTimeout(this.#timer);
        this.#timer = undefined;
    }
    #kick() {
        if (this.#sending)
            return;
        this.#cancelTimer();
        this.#sending = this.#drain().finally(() => {
            this.#sending = null;
            if (this.#queue.length > 0)
                this.#schedule();
        });
    }
    async #drain() {
        while (this.#queue.length > 0) {
            const batch = this.#queue.splice(0, this.#config.maxBatchSize);
            this.#inFlight = batch.length;
            try {
                await this.#deliver(batch);
            }
            catch (error) {
                // Never reached by design; kept so that a bug here cannot stop the queue.
                this.#report(new TokenwatchDeliveryError(String(error), undefined, ids(batch), error));
            }
            finally {
                this.#inFlight = 0;
            }
        }
    }
    #report(error) {
        try {
            this.#config.onError(error);
        }
        catch {
            // onError itself failed: nothing more to do.
        }
    }
    /** Delivers one batch (and what is left of it after a 400 or a 413 split). */
    async #deliver(batch) {
        const body = JSON.stringify(batch);
        for (let attempt = 0;; attempt++) {
            const outcome = await this.#post(body, batch.length);
            if (outcome.kind === "ok") {
                this.#stats.sent += batch.length;
                return;
            }
            if (outcome.kind === "invalid") {
                const bad = new Set(outcome.indices);
                this.#stats.rejected += bad.size;
                this.#report(new TokenwatchDeliveryError(`ingest refused ${bad.size} of ${batch.length} events as invalid`, 400, ids(batch.filter((_, i) => bad.has(i))), outcome.details));
                const rest = batch.filter((_, i) => !bad.has(i));
                if (rest.length > 0)
                    await this.#deliver(rest);
                return;
            }
            if (outcome.kind === "too_large" && batch.length > 1) {
                const half = Math.ceil(batch.length / 2);
                await this.#deliver(batch.slice(0, half));
                await this.#deliver(batch.slice(half));
                return;
            }
            if (outcome.kind === "retry" && attempt < this.#config.maxRetries) {
                this.#stats.retries++;
                const backoff = Math.min(this.#config.retryMaxMs, this.#config.retryBaseMs * 2 ** attempt);
                const jittered = backoff / 2 + (this.#config.random() * backoff) / 2;
                await this.#config.sleep(Math.min(this.#config.retryMaxMs, outcome.retryAfterMs ?? jittered));
                continue;
            }
            this.#stats.failed += batch.length;
            const status = outcome.kind === "too_large" ? 413 : outcome.status;
            const details = "details" in outcome ? outcome.details : undefined;
            const why = outcome.kind === "retry" ? ` after ${attempt + 1} attempts` : "";
            this.#report(new TokenwatchDeliveryError(`could not deliver ${batch.length} events: ${status === undefined ? "ingest unreachable" : `ingest answered ${status}`}${why}`, status, ids(batch), details));
            return;
        }
    }
    async #post(body, size) {
        const controller = new AbortController();
        const timer = this.#config.timers.setTimeout(() => controller.abort(), this.#config.timeoutMs);
        try {
            const response = await this.#config.fetch(this.#config.endpoint, {
                method: "POST",
                headers: { ...this.#config.headers, "content-type": "application/json" },
                body,
                signal: controller.signal,
            });
            const text = await response.text();
            const { status } = response;
            if (status >= 200 && status < 300)
                return { kind: "ok" };
            const details = parseJson(text);
            if (status === 408 || status === 429 || status >= 500) {
                return {
                    kind: "retry",
                    status,
                    retryAfterMs: retryAfterMs(response.headers.get("retry-after"), Date.now()),
                    details,
                };
            }
            if (status === 413)
                return { kind: "too_large" };
            if (status === 400) {
                const indices = invalidIndices(details, size);
                if (indices)
                    return { kind: "invalid", indices, details };
            }
            return { kind: "fail", status, details };
        }
        catch (error) {
            return { kind: "retry", details: error };
        }
        finally {
            this.#config.timers.clearTimeout(timer);
        }
    }
}
const ids = (events) => events.map((e) => e.request_id);

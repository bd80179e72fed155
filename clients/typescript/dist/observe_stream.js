/** The most events read after a caller's `break` to reach the usage the stream still owes (see wantsTail). */
const MAX_TAIL_EVENTS = 16;
const isAbort = (error) => {
    const name = error?.name;
    return name === "AbortError" || name === "APIUserAbortError";
};
/** Replaces the stream's iterator; `onEnd` is called once, with the summary and how it ended. */
export function observeStream(stream, assembler, onEnd) {
    const target = stream;
    const useIteratorField = typeof target.iterator === "function";
    const original = useIteratorField
        ? target.iterator
        : target[Symbol.asyncIterator]?.bind(stream);
    if (!original)
        return stream;
    const watched = () => {
        const inner = original();
        let ended = false;
        const end = (kind, error) => {
            if (ended)
                return;
            ended = true;
            const summary = assembler.summary();
            try {
                onEnd(summary, kind === "complete" || summary.complete ? "complete" : kind, error);
            }
            catch {
                // Recording must never break the caller's stream.
            }
        };
        return {
            async next() {
                try {
                    for (;;) {
                        const result = await inner.next();
                        if (result.done) {
                            end(assembler.summary().complete ? "complete" : "broken");
                            return result;
                        }
                        assembler.observe(result.value);
                        if (!assembler.hides(result.value))
                            return result;
                    }
                }
                catch (error) {
                    end(isAbort(error) ? "cancelled" : "broken", error);
                    throw error;
                }
            },
            async return(value) {
                try {
                    // The caller broke off after the content: the few events left carry the usage.
                    for (let i = 0; i < MAX_TAIL_EVENTS && !ended && assembler.wantsTail(); i++) {
                        const result = await inner.next();
                        if (result.done)
                            break;
                        assembler.observe(result.value);
                    }
                }
                catch {
                    // The tail could not be read: recorded as cancelled with what came.
                }
                end("cancelled");
                return inner.return ? await inner.return(value) : { done: true, value };
            },
            async throw(error) {
                end(isAbort(error) ? "cancelled" : "broken", error);
                if (inner.throw)
                    return await inner.throw(error);
                throw error;
            },
        };
    };
    if (useIteratorField)
        target.iterator = watched;
    else
        target[Symbol.asyncIterator] = watched;
    return stream;
}

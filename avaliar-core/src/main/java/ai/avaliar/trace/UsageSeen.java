package ai.avaliar.trace;

/**
 * The provider objects an llm span was fed through {@code usageFrom}, counted by type, so that a
 * span ending without token counts can say what it saw and how to get usage from it. Guarded by
 * the run's lock.
 */
final class UsageSeen {

    private static final int MAX_TYPES = 4;

    private final Class<?>[] types = new Class<?>[MAX_TYPES];
    private final long[] counts = new long[MAX_TYPES];
    private long total;

    void add(Class<?> type) {
        total++;
        for (int i = 0; i < MAX_TYPES; i++) {
            if (types[i] == type) {
                counts[i]++;
                return;
            }
            if (types[i] == null) {
                types[i] = type;
                counts[i] = 1;
                return;
            }
        }
    }

    /** What was fed, and how to get usage from such objects. */
    String describe() {
        StringBuilder text = new StringBuilder("it was fed ")
                .append(total)
                .append(total == 1 ? " provider object (" : " provider objects (");
        long listed = 0;
        for (int i = 0; i < MAX_TYPES && types[i] != null; i++) {
            text.append(i == 0 ? "" : ", ").append(counts[i]).append(' ').append(types[i].getSimpleName());
            listed += counts[i];
        }
        if (listed < total) {
            text.append(", ").append(total - listed).append(" of other types");
        }
        text.append(") and none carried token usage.");
        boolean hinted = false;
        if (seen("com.openai.models.chat.completions.ChatCompletionChunk")) {
            text.append(" An OpenAI chat stream sends usage only when asked: set stream_options.include_usage"
                    + " (.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())) and feed"
                    + " every chunk, the last one included.");
            hinted = true;
        } else if (seen("com.openai.models.chat.")) {
            text.append(" An OpenAI chat completion carries usage unless the endpoint left it out, as some"
                    + " OpenAI-compatible servers do: check what the endpoint answers, or call"
                    + " usage(inputTokens, outputTokens).");
            hinted = true;
        }
        if (seen("com.openai.models.responses.")) {
            text.append(" A Responses API stream carries usage in its response.completed event: feed every"
                    + " ResponseStreamEvent, that one included.");
            hinted = true;
        }
        if (seen("com.anthropic.")) {
            text.append(" An Anthropic stream carries the input tokens in message_start and the output tokens in"
                    + " message_delta: feed every RawMessageStreamEvent (or BetaRawMessageStreamEvent), not only the"
                    + " content deltas, or the accumulator's message() once the stream has ended.");
            hinted = true;
        }
        if (!hinted) {
            text.append(" Feed the final response, or the chunk or event that carries usage, or call"
                    + " usage(inputTokens, outputTokens).");
        }
        return text.toString();
    }

    private boolean seen(String packagePrefix) {
        for (int i = 0; i < MAX_TYPES && types[i] != null; i++) {
            if (types[i].getName().startsWith(packagePrefix)) {
                return true;
            }
        }
        return false;
    }
}

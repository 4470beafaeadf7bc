package ai.avaliar.trace;

/** The run handed to code when nothing is configured: records nothing, allocates nothing. */
final class NoopRun implements OpenSpan {

    static final NoopRun INSTANCE = new NoopRun();

    private NoopRun() {}

    @Override
    public Run usage(long inputTokens, long outputTokens) {
        return this;
    }

    @Override
    public Run usageFrom(Object responseOrUsage) {
        return this;
    }

    @Override
    public Run cacheReadInputTokens(long tokens) {
        return this;
    }

    @Override
    public Run reasoningOutputTokens(long tokens) {
        return this;
    }

    @Override
    public Run responseModel(String model) {
        return this;
    }

    @Override
    public Run output(Object output) {
        return this;
    }

    @Override
    public Run metadata(String key, Object value) {
        return this;
    }

    @Override
    public SpanType type() {
        return SpanType.GENERIC;
    }

    @Override
    public boolean isRecording() {
        return false;
    }

    @Override
    public OpenSpan error(Throwable error) {
        return this;
    }

    @Override
    public void close() {}
}

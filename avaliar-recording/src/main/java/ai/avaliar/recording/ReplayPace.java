package ai.avaliar.recording;

/**
 * How fast a replayed event stream reaches the client. Recording notes when each event of a
 * stream arrived; {@link #RECORDED} sends each event at that time again, so that time to first
 * chunk, timeouts and cancellation in the middle of a stream can be tested on replayed traffic.
 *
 * <pre>{@code
 * @AvaliarRecording(pace = ReplayPace.RECORDED)
 * class StreamingTimeoutTest {
 *   @Test
 *   void gives_up_on_a_slow_stream(ProviderEndpoints endpoints) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public enum ReplayPace {

    /** Each event as soon as the one before it is written: the fastest tests (the default). */
    AT_ONCE,

    /**
     * Each event when it had arrived while recording, counted from the request. Events recorded
     * without their time (VCR.py cassettes, cassettes from before times were recorded) are sent at
     * once.
     */
    RECORDED
}

package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.junit5.budget.TraceBudget;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class MorningBriefingTest implements ExampleTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThePool() {
        pool.shutdownNow();
    }

    @Test
    @TraceBudget(maxTokens = 100, maxLlmCalls = 1) // one call of 50 tokens, recorded
    void tools_run_in_parallel_under_the_agent_then_the_model_writes_the_briefing(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        // given: each tool waits inside its span until the other one is running too
        CyclicBarrier bothToolsRunning = new CyclicBarrier(2);
        MorningBriefing briefing = new MorningBriefing(
                Clients.openai(endpoints),
                pool,
                city -> meet(bothToolsRunning, "Weather in " + city + ": Sunny, 22°C"),
                topic -> meet(bothToolsRunning, "Latest news on " + topic + ": All quiet."));

        // when
        String text = briefing.brief("Lisbon", "technology");

        // then
        Trace trace = traces.single();
        assertThatTrace(trace) // the two tools start on two threads, in either order
                .hasShapeInAnyOrder("""
                        morning_briefing  (agent)
                          ├── fetch_weather  (tool)   ─ run in parallel
                          ├── fetch_news     (tool)   ─ run in parallel
                          └── synthesize     (llm)
                        """)
                .childrenRanConcurrently("fetch_weather", "fetch_news")
                .hasNoErrors()
                .child("fetch_weather")
                .hasInput("city", "Lisbon")
                .hasOutput("Weather in Lisbon: Sunny, 22°C")
                .backToTrace()
                .child("fetch_news")
                .hasInput("topic", "technology")
                .hasOutput("Latest news on technology: All quiet.")
                .backToTrace()
                .child("synthesize")
                .hasModel("gpt-4o")
                .hasProvider("openai")
                .hasGenerationInfo("temperature", 0.2)
                .hasOutput(text);
        // the model is asked once both tools have answered
        CapturedSpan synthesize = trace.span("morning_briefing/synthesize").orElseThrow();
        for (String tool : new String[] {"fetch_weather", "fetch_news"}) {
            assertThat(trace.span("morning_briefing/" + tool).orElseThrow().endEpochNanos())
                    .as("<%s> ended before <synthesize> started", tool)
                    .isLessThanOrEqualTo(synthesize.startEpochNanos());
        }
        if (Recording.replaying()) { // the recorded conversation
            assertThat(text)
                    .isEqualTo("Good morning! Lisbon is sunny at 22°C, and it is a quiet day in technology news.");
            assertThatTrace(trace)
                    .child("synthesize")
                    .hasResponseModel("gpt-4o-2024-08-06")
                    .hasInputTokens(31)
                    .hasOutputTokens(19);
            // the whole tree, pinned in src/test/resources/avaliar-snapshots/MorningBriefingTest/: an extra
            // tool call, another model or more tokens fail here with a diff of the trees
            assertThatTrace(trace).matchesSnapshot();
        }
    }

    /** Blocks until the other tool arrives: if the tools ran one after the other, this fails. */
    private static String meet(CyclicBarrier barrier, String result) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
            return result;
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new IllegalStateException("the two tools did not run at the same time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

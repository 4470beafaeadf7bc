package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.data.Trace;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class ResearchCoordinatorTest implements ExampleTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThePool() {
        threads.shutdownNow();
    }

    @Test
    void coordinator_researchers_and_summariser_form_the_guides_tree(
            ProviderEndpoints endpoints, CapturedTraces traces) {
        ResearchCoordinator coordinator = new ResearchCoordinator(Clients.openai(endpoints), startTogether(2));

        String summary = coordinator.coordinate(List.of("solid-state batteries", "sodium-ion batteries"));

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape("""
                        coordinator                    (agent)   — level 1
                          ├── researcher: "topic A"    (agent)   — level 2
                          │     └── llm_call           (llm)
                          ├── researcher: "topic B"    (agent)   — level 2
                          │     └── llm_call           (llm)
                          └── summarize_findings        (tool)    — level 2
                                └── llm_call           (llm)
                        """)
                .hasNoErrors()
                .hasLlmCallCount(3)
                .span("coordinator/researcher[0]")
                .hasInput("topic", "solid-state batteries")
                .ranConcurrentlyWith("coordinator/researcher[1]")
                .backToTrace()
                .span("coordinator/researcher[1]")
                .hasInput("topic", "sodium-ion batteries")
                .backToTrace()
                .span("coordinator/summarize_findings/llm_call")
                .hasOutput(summary);
        if (Recording.replaying()) { // the recorded conversation
            assertThat(summary)
                    .isEqualTo(
                            "Solid-state cells promise density and safety; sodium-ion cells promise low cost at lower density.");
            assertThatTrace(trace).hasTotalInputTokens(25 + 25 + 72).hasTotalOutputTokens(23 + 22 + 18);
        }
    }

    /**
     * Holds each task until {@code parties} tasks have arrived, then runs them together: the
     * researchers' spans, opened when their work is submitted, are certain to overlap. Work that
     * is never joined by the others runs anyway after five seconds, and the overlap assertion fails.
     */
    private Executor startTogether(int parties) {
        CyclicBarrier arrived = new CyclicBarrier(parties);
        return task -> threads.execute(() -> {
            try {
                arrived.await(5, TimeUnit.SECONDS);
            } catch (TimeoutException | BrokenBarrierException e) {
                // run alone: the assertion on the overlap reports it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
    }
}

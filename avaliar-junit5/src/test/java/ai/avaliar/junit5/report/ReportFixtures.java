package ai.avaliar.junit5.report;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.avaliar.junit5.AvaliarExtension;
import ai.avaliar.trace.Avaliar;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes the report tests run through the JUnit launcher: a small agent, traced. */
public final class ReportFixtures {

    /** A prompt that would run script if the report ever put it on the page as HTML. */
    public static final String INJECTION = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

    private ReportFixtures() {}

    /** The guide's morning briefing: an agent calling a tool and two models. */
    public static String briefing(String city, String prompt) {
        return Avaliar.agent("morning_briefing").input("city", city).call(() -> {
            String weather = Avaliar.tool("fetch_weather").input("city", city).call(() -> "sunny, 21 °C");
            String draft = Avaliar.llm("synthesize")
                    .model("gpt-4o")
                    .provider("openai")
                    .temperature(0.2)
                    .topP(0.9)
                    .input("prompt", prompt + " Weather: " + weather)
                    .call(run -> {
                        run.usage(53, 12);
                        io.opentelemetry.api.trace.Span.current()
                                .addEvent(
                                        "avaliar.detection",
                                        Attributes.builder()
                                                .put(
                                                        AttributeKey.stringKey("avaliar.detection.detector"),
                                                        "prompt_injection")
                                                .put(AttributeKey.stringKey("avaliar.detection.status"), "completed")
                                                .put(AttributeKey.stringKey("avaliar.detection.mode"), "local")
                                                .put(AttributeKey.booleanKey("avaliar.detection.has_issues"), true)
                                                .put(
                                                        AttributeKey.stringKey("avaliar.detection.issues"),
                                                        "[{\"type\":\"prompt_injection\","
                                                                + "\"category\":\"script\",\"severity\":\"high\",\"score\":0.9,"
                                                                + "\"message\":\"HTML script in the prompt\",\"spans\":[{\"field\":\"input\","
                                                                + "\"start\":0,\"end\":8}],\"method\":\"rule\"}]")
                                                .put(AttributeKey.stringKey("avaliar.detection.reason"), "")
                                                .build());
                        return "Good morning! It is sunny in " + city + ".";
                    });
            return Avaliar.llm("polish")
                    .model("claude-opus-4-5")
                    .provider("anthropic")
                    .input("draft", draft)
                    .call(run -> {
                        run.usage(20, 10);
                        return draft + " Enjoy.";
                    });
        });
    }

    @ExtendWith(AvaliarExtension.class)
    public static class Briefing {

        @Test
        @DisplayName("briefs on Lisbon")
        void briefs_on_lisbon() {
            briefing("Lisbon", "Write a morning briefing. " + INJECTION);
        }

        @Test
        void fails_on_the_wrong_city() {
            try {
                Avaliar.tool("geocode").input("city", "Portugal").call(() -> {
                    throw new IllegalArgumentException("not a city: Portugal");
                });
            } catch (IllegalArgumentException expected) {
                // the agent goes on with its default city
            }
            briefing("Porto", "Write a morning briefing.");
            fail("expected a briefing on Lisbon but got one on Porto");
        }

        @Test
        @Disabled("not on weekends")
        void skipped_briefing() {}

        @Test
        void aborted_briefing() {
            assumeTrue(false, "no weather service today");
        }
    }

    /** Two thousand traced dynamic tests, for a report of many traces. */
    @ExtendWith(AvaliarExtension.class)
    public static class Many {

        static final int COUNT = 2000;

        @TestFactory
        Stream<DynamicTest> cases() {
            return IntStream.range(0, COUNT)
                    .mapToObj(i -> DynamicTest.dynamicTest(
                            "case " + i,
                            () -> Avaliar.agent("agent_" + i)
                                    .run(() -> Avaliar.llm("answer")
                                            .model("gpt-4o-mini")
                                            .provider("openai")
                                            .input("question", "question " + i)
                                            .run(run -> run.usage(10, 5)))));
        }
    }

    /** One trace of 841 spans: an agent calling 40 tools, each asking a model 20 times. */
    @ExtendWith(AvaliarExtension.class)
    public static class Wide {

        static final int TOOLS = 40;
        static final int CALLS = 20;

        @Test
        void plans_widely() {
            Avaliar.agent("planner")
                    .run(() -> IntStream.range(0, TOOLS)
                            .forEach(t -> Avaliar.tool("tool_" + t)
                                    .run(() -> IntStream.range(0, CALLS)
                                            .forEach(c -> Avaliar.llm("ask_" + t + "_" + c)
                                                    .model("gpt-4o-mini")
                                                    .provider("openai")
                                                    .run(run -> run.usage(1, 1))))));
        }
    }

    /** Text cut in the middle of a surrogate pair, as a careless truncation leaves it. */
    @ExtendWith(AvaliarExtension.class)
    public static class BrokenText {

        @Test
        void traces_half_an_emoji() {
            String smile = "smile \uD83D\uDE00";
            Avaliar.tool("cut_short")
                    .input("alone", "\uD83D")
                    .input("cut", smile.substring(0, smile.length() - 1))
                    .call(() -> "after \uDE00");
        }
    }

    /** The extension registered twice, by the annotation and by a field: one Allure attachment set still. */
    @ExtendWith(AvaliarExtension.class)
    public static class RegisteredTwice {

        @org.junit.jupiter.api.extension.RegisterExtension
        static AvaliarExtension avaliar = AvaliarExtension.builder().build();

        @Test
        void briefs_on_lisbon() {
            briefing("Lisbon", "Write a morning briefing.");
        }
    }

    /** Fails the first time it runs and passes the next: a flaky test that a rerun saves. */
    @ExtendWith(AvaliarExtension.class)
    public static class FlakyOnce {

        static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

        @Test
        void passes_the_second_time() {
            Avaliar.tool("try_" + RUNS.incrementAndGet()).call(() -> "tried");
            if (RUNS.get() == 1) {
                fail("the first try times out");
            }
        }
    }

    /** An llm span of the agent's own wrapping the chat span of the framework it calls: one call. */
    @ExtendWith(AvaliarExtension.class)
    public static class NestedLlm {

        @Test
        void asks_once() {
            Avaliar.llm("answer")
                    .model("gpt-4o")
                    .provider("openai")
                    .input("question", "why?")
                    .call(outer -> {
                        String answer = Avaliar.llm("chat gpt-4o")
                                .model("gpt-4o")
                                .provider("openai")
                                .input("messages", "why?")
                                .call(inner -> {
                                    inner.usage(100, 20);
                                    return "because";
                                });
                        outer.usage(100, 20);
                        return answer;
                    });
        }
    }

    /** A test that runs tests of its own through the launcher, as a test of a JUnit extension does. */
    @ExtendWith(AvaliarExtension.class)
    public static class RunsTestsItself {

        static java.nio.file.Path innerDir;

        @Test
        void runs_the_briefing() {
            Avaliar.tool("outer_tool").call(() -> "outer");
            ReportRun.run(innerDir, java.util.Map.of(), Briefing.class);
        }
    }

    /** A class whose set-up fails, so its tests never run. */
    @ExtendWith(AvaliarExtension.class)
    public static class BrokenSetUp {

        @BeforeAll
        static void connect() {
            throw new IllegalStateException("weather service unreachable");
        }

        @Test
        void never_runs() {}
    }

    /** A test that does not use the extension: in the report with its outcome, without traces. */
    public static class Plain {

        @Test
        void adds_numbers() {}
    }

    @ExtendWith(AvaliarExtension.class)
    public static class LateSpan {

        @Test
        void leaves_a_tool_running() throws InterruptedException {
            ExecutorService pool = Avaliar.propagating(Executors.newSingleThreadExecutor());
            CountDownLatch started = new CountDownLatch(1);
            Avaliar.agent("dispatcher")
                    .run(() -> pool.submit(() -> Avaliar.tool("slow_tool").run(() -> {
                        started.countDown();
                        try {
                            Thread.sleep(400);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    })));
            pool.shutdown();
            // Returns with the tool's span open: it ends 400 ms after the test.
            started.await();
        }
    }

    @ExtendWith(AvaliarExtension.class)
    public static class Parallel {

        @Test
        void t1() {
            own("one");
        }

        @Test
        void t2() {
            own("two");
        }

        @Test
        void t3() {
            own("three");
        }

        @Test
        void t4() {
            own("four");
        }

        @Test
        void t5() {
            own("five");
        }

        @Test
        void t6() {
            own("six");
        }

        @Test
        void t7() {
            own("seven");
        }

        @Test
        void t8() {
            own("eight");
        }

        private static void own(String name) {
            Avaliar.agent("agent_" + name).run(() -> {
                Avaliar.tool("tool_" + name).run(() -> java.util.concurrent.locks.LockSupport.parkNanos(20_000_000));
                Avaliar.llm("llm_" + name)
                        .model("gpt-4o-mini")
                        .provider("openai")
                        .run(run -> run.usage(10, 5));
            });
        }
    }
}

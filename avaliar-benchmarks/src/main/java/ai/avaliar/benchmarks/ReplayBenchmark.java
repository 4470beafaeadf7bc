package ai.avaliar.benchmarks;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A suite of {@code tests} tests, each making three chat completions with the real openai-java
 * client: replayed from cassettes by {@code @AvaliarRecording}, against the same suite served by
 * a plain WireMock stub that matches the request body (what teams hand-roll today). Both run on
 * the JUnit Platform in the same JMH run; each suite starts its server once, so the 1-test and
 * the 20-test figures separate start-up from the cost per test.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ReplayBenchmark {

    static final int CALLS = 3;
    static final String TESTS_PROPERTY = "avaliar.benchmark.tests";

    @Param({"1", "20"})
    public int tests;

    private Path cassettes;

    @Setup(Level.Trial)
    public void writeCassettes() throws IOException {
        System.setProperty(TESTS_PROPERTY, Integer.toString(tests));
        cassettes = Files.createTempDirectory("avaliar-replay-benchmark");
        String className = ReplayedSuite.class.getName();
        Path dir = Files.createDirectories(cassettes.resolve(className.substring(className.lastIndexOf('.') + 1)));
        StringBuilder interactions = new StringBuilder();
        for (int i = 0; i < CALLS; i++) {
            interactions.append(i == 0 ? "" : ",").append(interaction(i));
        }
        Files.writeString(
                dir.resolve("answers.json"),
                "{\"avaliarCassette\":1,\"metadata\":{\"recorder\":\"ReplayBenchmark\"},\"interactions\":["
                        + interactions + "]}");
    }

    @TearDown(Level.Trial)
    public void deleteCassettes() throws IOException {
        try (Stream<Path> files = Files.walk(cassettes)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public EngineExecutionResults replayedByAvaliar() {
        return run(EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ReplayedSuite.class))
                .configurationParameter("avaliar.recording.cassette-dir", cassettes.toString()));
    }

    @Benchmark
    public EngineExecutionResults plainWireMockStub() {
        return run(EngineTestKit.engine("junit-jupiter").selectors(selectClass(StubbedSuite.class)));
    }

    private EngineExecutionResults run(EngineTestKit.Builder suite) {
        EngineExecutionResults results = suite.execute();
        long succeeded = results.testEvents().succeeded().count();
        if (succeeded != tests || results.testEvents().failed().count() > 0) {
            throw new IllegalStateException("the suite must pass to be measured: " + succeeded + " of " + tests
                    + " passed; " + results.testEvents().failed().list());
        }
        return results;
    }

    static String question(int i) {
        return "What is the capital of country number " + i + "?";
    }

    static String requestBody(int i) {
        return "{\"messages\":[{\"content\":\"" + question(i) + "\",\"role\":\"user\"}],\"model\":\"gpt-4o-mini\"}";
    }

    static String responseBody(int i) {
        return "{\"id\":\"chatcmpl-" + i + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Capital " + i + ".\",\"refusal\":null}}],"
                + "\"usage\":{\"prompt_tokens\":17,\"completion_tokens\":3,\"total_tokens\":20}}";
    }

    private static String interaction(int i) {
        return "{\"request\":{\"upstream\":\"openai\",\"method\":\"POST\",\"path\":\"/v1/chat/completions\",\"query\":\"\","
                + "\"headers\":{},\"body\":" + requestBody(i) + "},"
                + "\"response\":{\"status\":200,\"headers\":{\"content-type\":[\"application/json\"]},\"body\":"
                + responseBody(i) + "}}";
    }

    /** What each test does on either server: three completions with a fresh client. */
    static void askThree(String baseUrl) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl)
                .apiKey("benchmark")
                .maxRetries(0)
                .build();
        try {
            for (int i = 0; i < CALLS; i++) {
                ChatCompletion answer = client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-4o-mini")
                                .addUserMessage(question(i))
                                .build());
                if (!answer.choices().get(0).message().content().orElse("").equals("Capital " + i + ".")) {
                    throw new AssertionError("wrong answer " + answer);
                }
            }
        } finally {
            client.close();
        }
    }

    static Stream<Integer> numbers() {
        return IntStream.range(0, Integer.getInteger(TESTS_PROPERTY, 1)).boxed();
    }

    /** The suite on Avaliar's replay server: one cassette, replayed by each test. */
    @AvaliarRecording(cassette = "{class}/answers.json")
    public static class ReplayedSuite {
        @ParameterizedTest
        @MethodSource("ai.avaliar.benchmarks.ReplayBenchmark#numbers")
        void answers(int test, ProviderEndpoints endpoints) {
            askThree(endpoints.openai());
        }
    }

    /** The same suite on a WireMock server with stubs matching each request body. */
    public static class StubbedSuite {
        @RegisterExtension
        static WireMockExtension wireMock = WireMockExtension.newInstance()
                .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
                .resetOnEachTest(false)
                .build();

        @BeforeAll
        static void stub() {
            for (int i = 0; i < CALLS; i++) {
                wireMock.stubFor(post(urlEqualTo("/v1/chat/completions"))
                        .withRequestBody(equalToJson(requestBody(i)))
                        .willReturn(okJson(responseBody(i))));
            }
        }

        @ParameterizedTest
        @MethodSource("ai.avaliar.benchmarks.ReplayBenchmark#numbers")
        void answers(int test) {
            askThree(wireMock.baseUrl() + "/v1");
        }
    }
}

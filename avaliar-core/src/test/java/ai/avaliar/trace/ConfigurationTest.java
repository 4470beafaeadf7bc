package ai.avaliar.trace;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Configuration: no-op by default, the hard off switch, and OTLP/HTTP export with the API key. */
class ConfigurationTest {

    @AfterEach
    void backToNoop() {
        Avaliar.shutdown();
    }

    private static Set<String> avaliarThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name ->
                        name.contains("BatchSpanProcessor") || name.contains("OkHttp") || name.contains("HttpClient"))
                .collect(Collectors.toSet());
    }

    @Test
    void without_configuration_traced_code_runs_and_nothing_is_recorded() {
        Avaliar.shutdown();

        String result = Avaliar.llm("generate").model("gpt-4o").input("q", "hi").call(run -> {
            run.usage(1, 2);
            assertThat(run.isRecording()).isFalse();
            return "answer";
        });

        assertThat(result).isEqualTo("answer");
        assertThat(Avaliar.isEnabled()).isFalse();
        assertThat(Avaliar.currentRun()).isEmpty();
    }

    @Test
    void a_builder_made_before_configuration_traces_once_configured() {
        Avaliar.shutdown();
        LlmCall generate =
                Avaliar.llm("generate").model("gpt-4o").temperature(0.2).input("q", "hi");
        InMemoryTraceExporter exporter = InMemoryTraceExporter.create();
        Avaliar.configure(io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                .setTracerProvider(io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter))
                        .build())
                .build());

        generate.call(() -> "first");
        generate.call(() -> "second");

        assertThat(exporter.traces()).hasSize(2).allSatisfy(trace -> {
            assertThat(trace.root().generationInfo()).containsEntry("temperature", 0.2);
            assertThat(trace.root().inputs()).containsEntry("q", "hi");
        });
    }

    @Test
    void the_off_switch_starts_no_thread_and_traces_nothing_even_with_an_endpoint() {
        Set<String> before = avaliarThreads();

        Avaliar.configure(AvaliarConfig.fromEnvironment(Map.of(
                "AVALIAR_TRACING", "false",
                "AVALIAR_API_KEY", "avl_test",
                "AVALIAR_ENDPOINT", "http://127.0.0.1:9")));
        Avaliar.tool("t").call(() -> "x");

        assertThat(Avaliar.isEnabled()).isFalse();
        assertThat(avaliarThreads()).isEqualTo(before);
    }

    @Test
    void an_api_key_without_an_endpoint_exports_nothing() {
        Avaliar.configure(AvaliarConfig.fromEnvironment(Map.of("AVALIAR_API_KEY", "avl_test")));

        assertThat(Avaliar.isEnabled()).isFalse();
    }

    @Test
    void the_config_never_shows_the_api_key() {
        AvaliarConfig config =
                AvaliarConfig.fromEnvironment(Map.of("AVALIAR_API_KEY", "avl_secret", "AVALIAR_ENDPOINT", "http://x"));

        assertThat(config.toString()).doesNotContain("avl_secret").contains("apiKey=set");
    }

    @Test
    void spans_are_exported_over_otlp_http_with_the_api_key_and_resource() {
        WireMockServer receiver =
                new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        try {
            receiver.stubFor(
                    post(urlEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)));
            Avaliar.configure(AvaliarConfig.fromEnvironment(Map.of(
                    "AVALIAR_API_KEY", "avl_test_key",
                    "AVALIAR_ENDPOINT", receiver.baseUrl(),
                    "AVALIAR_PROJECT", "shop",
                    "AVALIAR_ENVIRONMENT", "staging")));

            Avaliar.agent("exported").call(() -> "ok");
            Avaliar.shutdown(); // flushes the batch

            receiver.verify(postRequestedFor(urlEqualTo("/v1/traces"))
                    .withHeader("X-API-Key", equalTo("avl_test_key"))
                    .withHeader("Content-Type", equalTo("application/x-protobuf")));
            byte[] body = receiver.getAllServeEvents().get(0).getRequest().getBody();
            String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text)
                    .contains(
                            "exported",
                            "avaliar.span.type",
                            "deployment.environment.name",
                            "staging",
                            "avaliar.project",
                            "shop");
        } finally {
            receiver.stop();
        }
    }

    @Test
    void an_unreachable_endpoint_does_not_slow_the_traced_call() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Avaliar.configure(AvaliarConfig.builder()
                .endpoint("http://127.0.0.1:" + closedPort)
                .apiKey("avl_test")
                .exportTimeout(Duration.ofMillis(500))
                .build());

        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            Avaliar.tool("t" + i).call(() -> "fine");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(elapsed).as("export happens in the background").isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            Avaliar.shutdown(); // bounded, even with the receiver down
            return true;
        });
    }
}

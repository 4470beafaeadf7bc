package ai.avaliar.eval;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.DetectorType;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow judge must not hold a detection thread for openai-java's default ten minutes: the
 * ServiceLoader judge asks with its own request timeout and one retry. A local WireMock stands
 * in for an endpoint that answers a correct verdict, but only after five seconds.
 */
class JudgeTimeoutTest {

    private static final String CLEAN_VERDICT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"{\\\"issues\\\":[]}\",\"refusal\":null}}]}";

    private final WireMockServer slowJudge =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());

    @BeforeEach
    void start() {
        slowJudge.start();
        slowJudge.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(CLEAN_VERDICT)
                        .withFixedDelay(5_000)));
    }

    @AfterEach
    void stop() {
        slowJudge.stop();
    }

    @Test
    void a_judge_slower_than_the_configured_timeout_fails_after_one_retry() {
        LlmJudge judge = new LlmJudge(
                Map.of("OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", slowJudge.baseUrl() + "/v1")::get,
                Map.of("avaliar.eval.judge.enabled", "true", "avaliar.eval.judge.timeout", "0.5")::get);

        assertThatThrownBy(() -> judge.detect(DetectorType.BIAS, new DetectionText("q", "a")))
                .hasStackTraceContaining("timeout");
        assertThat(slowJudge.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))))
                .hasSize(2);
    }

    @Test
    void a_judge_within_the_timeout_answers() {
        LlmJudge judge = new LlmJudge(
                Map.of("OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", slowJudge.baseUrl() + "/v1")::get,
                Map.of("avaliar.eval.judge.enabled", "true", "avaliar.eval.judge.timeout", "PT30S")::get);

        assertThat(judge.detect(DetectorType.BIAS, new DetectionText("q", "a"))).isEmpty();
    }
}

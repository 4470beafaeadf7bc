package ai.avaliar.recording;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A local WireMock standing in for api.openai.com and api.anthropic.com in RECORD tests.
 * Stubs are registered on this instance, never through WireMock's static DSL.
 */
final class FakeProvider implements AutoCloseable {

    static final String OPENAI_STREAM = """
      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}],"usage":null}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":", world"},"finish_reason":null}],"usage":null}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

      data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}

      data: [DONE]

      """;

    static final String ANTHROPIC_STREAM = """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: ping
      data: {"type": "ping"}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" le monde"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

    static final String OPENAI_COMPLETION = """
      {"id":"chatcmpl-2","object":"chat.completion","created":1700000001,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Paris.","refusal":null},
       "logprobs":null,"finish_reason":"stop"}],
       "usage":{"prompt_tokens":14,"completion_tokens":2,"total_tokens":16}}
      """;

    final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    FakeProvider() {
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse()
                        .withHeader("content-type", "text/event-stream; charset=utf-8")
                        .withHeader("openai-organization", "acme-secret-org")
                        .withHeader("x-request-id", "req_123")
                        .withHeader("set-cookie", "__cf_bm=abc; path=/")
                        .withHeader("cf-ray", "8f00-CDG")
                        .withHeader("openai-processing-ms", "42")
                        .withBody(OPENAI_STREAM)));
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("content-type", "application/json")
                        .withHeader("openai-project", "proj_secret")
                        .withBody(OPENAI_COMPLETION)));
        server.stubFor(post(urlPathEqualTo("/v1/messages"))
                .willReturn(aResponse()
                        .withHeader("content-type", "text/event-stream; charset=utf-8")
                        .withHeader("anthropic-organization-id", "org-secret")
                        .withHeader("request-id", "req_abc")
                        .withBody(ANTHROPIC_STREAM)));
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}

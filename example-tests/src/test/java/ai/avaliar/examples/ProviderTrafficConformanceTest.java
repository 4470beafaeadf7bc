package ai.avaliar.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.SpanType;
import ai.avaliar.trace.data.CapturedSpan;
import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.beta.messages.MessageCreateParams;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exchange of both batches of real recorded traffic ({@code ../shared/fixtures/provider-traffic}
 * and {@code provider-traffic-2}) replayed through the real openai-java and anthropic-java clients,
 * streamed when it was recorded streamed (Anthropic's plain exchanges through {@code messages()}, its
 * server-tool streams through {@code beta().messages()}), inside an Avaliar llm span fed the guide's way
 * ({@code Avaliar.updateCurrentLlmRun(...)} on every chunk or event, {@code run.usageFrom(...)} on a
 * whole response). Each span's tokens must equal the counts in the cassette, read here from the YAML
 * and its SSE text directly, not through avaliar-recording's importer:
 *
 * <ul>
 *   <li>chat completions: the {@code usage} of the response, or of the last chunk that has one;</li>
 *   <li>Responses API: the response's {@code usage}, or that of the {@code response.completed} event;</li>
 *   <li>Anthropic: {@code input_tokens} plus the cache reads and writes, and {@code output_tokens}, from
 *       {@code message_start}, each replaced by {@code message_delta}'s when it has one (cumulative).</li>
 * </ul>
 *
 * <p>An error answer (HTTP 400) fails the call: the span records the error, has no tokens, and is
 * not reported for missing usage (nothing was fed). A download from another host (an image, a PDF
 * fetched by the code under test) is requested too, as the code under test did, and must answer
 * as recorded. Runs in the Maven profile {@code provider-fixtures}, which points
 * {@code avaliar.recording.cassette-dir} at {@code ../shared/fixtures}.
 */
@CaptureTraces
@EnabledIfSystemProperty(
        named = "avaliar.examples.provider-traffic",
        matches = ".+",
        disabledReason = "needs ../shared/fixtures: runs in the Maven profile provider-fixtures")
@EnabledIf(
        value = "ai.avaliar.examples.Recording#replaying",
        disabledReason = "VCR.py recordings are replayed only, never recorded into (AVALIAR_RECORDING_MODE is set)")
class ProviderTrafficConformanceTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The token counts a cassette holds for one exchange. */
    record Tokens(Long input, Long output, Long cacheRead, Long cacheCreation, Long reasoning) {
        static final Tokens NONE = new Tokens(null, null, null, null, null);

        static Tokens of(CapturedSpan span) {
            return new Tokens(
                    boxed(span.inputTokens()),
                    boxed(span.outputTokens()),
                    boxed(span.cacheReadInputTokens()),
                    boxed(span.cacheCreationInputTokens()),
                    boxed(span.reasoningOutputTokens()));
        }

        private static Long boxed(java.util.OptionalLong value) {
            return value.isPresent() ? value.getAsLong() : null;
        }
    }

    /** The response id and finish reasons a cassette holds for one exchange; null where it has none. */
    record Outcome(String id, List<String> finishReasons, List<String> texts) {
        static final Outcome NONE = new Outcome(null, null, null);

        static Outcome of(CapturedSpan span) throws IOException {
            return new Outcome(
                    span.attribute(AvaliarAttributes.RESPONSE_ID),
                    span.attribute(AvaliarAttributes.RESPONSE_FINISH_REASONS),
                    texts(span.attribute(AvaliarAttributes.OUTPUT_MESSAGES)));
        }

        /** The text parts of {@code gen_ai.output.messages} (captured: the profile opts in), in order. */
        private static List<String> texts(String outputMessages) throws IOException {
            if (outputMessages == null) {
                return null;
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode message : JSON.readTree(outputMessages)) {
                for (JsonNode part : message.path("parts")) {
                    if (part.path("type").asText().equals("text")) {
                        texts.add(part.path("content").asText());
                    }
                }
            }
            return texts.isEmpty() ? null : texts;
        }

        /** The answer's texts as recorded: each choice's content, text blocks, or output_text parts. */
        private static List<String> recordedTexts(JsonNode body) {
            List<String> texts = new ArrayList<>();
            body.path("choices").forEach(choice -> {
                if (choice.at("/message/content").isTextual()) {
                    texts.add(choice.at("/message/content").asText());
                }
            });
            body.path("content").forEach(block -> {
                if (block.path("type").asText().equals("text")) {
                    texts.add(block.path("text").asText());
                }
            });
            body.path("output")
                    .forEach(item -> item.path("content").forEach(part -> {
                        if (part.path("type").asText().equals("output_text")) {
                            texts.add(part.path("text").asText());
                        }
                    }));
            return texts.isEmpty() ? null : texts;
        }

        /**
         * Read from the recorded JSON: a whole response's {@code id} and its {@code choices[].finish_reason}
         * or {@code stop_reason}; in a stream, the chunks' {@code id} and the last {@code finish_reason},
         * Anthropic's {@code message_start} id and {@code message_delta} stop reason, or the Responses
         * API's {@code response.completed} id (that API has no finish reason); and the answer's texts.
         */
        static Outcome recorded(JsonNode request, JsonNode response) throws IOException {
            if (!request.path("stream").asBoolean(false)) {
                JsonNode body = responseBody(response);
                List<String> reasons = new ArrayList<>();
                body.path("choices")
                        .forEach(choice ->
                                reasons.add(choice.path("finish_reason").asText()));
                if (body.hasNonNull("stop_reason")) {
                    reasons.add(body.get("stop_reason").asText());
                }
                return new Outcome(
                        body.path("id").asText(null), reasons.isEmpty() ? null : reasons, recordedTexts(body));
            }
            String id = null;
            List<String> reasons = null;
            List<String> texts =
                    null; // a stream's chunks carry deltas, not messages: only a completed response has them
            for (JsonNode event : sseData(response)) {
                String type = event.path("type").asText();
                if (type.equals("message_start")) {
                    id = event.at("/message/id").asText(null);
                } else if (type.equals("message_delta")
                        && event.at("/delta/stop_reason").isTextual()) {
                    reasons = List.of(event.at("/delta/stop_reason").asText());
                } else if (type.equals("response.completed")) {
                    id = event.at("/response/id").asText(null);
                    texts = recordedTexts(event.path("response"));
                } else if (event.has("choices")) {
                    id = event.path("id").asText(id);
                    for (JsonNode choice : event.path("choices")) {
                        if (choice.path("finish_reason").isTextual()) {
                            reasons = List.of(choice.path("finish_reason").asText());
                        }
                    }
                }
            }
            return new Outcome(id, reasons, texts);
        }
    }

    static Path fixtures() {
        return Path.of(System.getProperty("avaliar.examples.provider-traffic"));
    }

    private static Stream<String> cassettesIn(String folder) throws IOException {
        Path dir = fixtures().resolve(folder);
        if (!Files.isDirectory(dir)) {
            return Stream.empty(); // a ../shared with the first batch only: nothing of this folder to replay
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml"))
                    .sorted()
                    .collect(Collectors.toList());
            return names.stream();
        }
    }

    static Stream<String> chatCompletions() throws IOException {
        return cassettesIn("provider-traffic/openai");
    }

    static Stream<String> anthropicMessages() throws IOException {
        return cassettesIn("provider-traffic/anthropic");
    }

    static Stream<String> anthropicServerToolStreams() throws IOException {
        return cassettesIn("provider-traffic-2/anthropic");
    }

    static Stream<String> responsesApi() throws IOException {
        return cassettesIn("provider-traffic-2/openai-responses");
    }

    static Stream<String> responsesApiWithDownload() throws IOException {
        return cassettesIn("provider-traffic-2/openai");
    }

    @Test
    void every_cassette_of_both_batches_is_in_a_folder_replayed_here() throws IOException {
        List<String> replayed = List.of(
                "provider-traffic/openai",
                "provider-traffic/anthropic",
                "provider-traffic-2/anthropic",
                "provider-traffic-2/openai-responses",
                "provider-traffic-2/openai");
        try (Stream<Path> files = Files.walk(fixtures())) {
            List<String> folders = files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> fixtures().relativize(f.getParent()).toString().replace('\\', '/'))
                    .filter(f -> f.startsWith("provider-traffic"))
                    .distinct()
                    .collect(Collectors.toList());
            assertThat(replayed).containsAll(folders);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatCompletions")
    @AvaliarRecording(cassette = "provider-traffic/openai/{displayName}", failOnUnusedInteractions = true)
    void chat_completions_replay_with_the_recorded_tokens(
            String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        replay("provider-traffic/openai/" + cassette, endpoints, traces);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anthropicMessages")
    @AvaliarRecording(cassette = "provider-traffic/anthropic/{displayName}", failOnUnusedInteractions = true)
    void anthropic_messages_replay_with_the_recorded_tokens(
            String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        replay("provider-traffic/anthropic/" + cassette, endpoints, traces); // through messages(), not beta()
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anthropicServerToolStreams")
    @AvaliarRecording(cassette = "provider-traffic-2/anthropic/{displayName}", failOnUnusedInteractions = true)
    void anthropic_server_tool_streams_replay_with_the_recorded_tokens(
            String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        replay("provider-traffic-2/anthropic/" + cassette, endpoints, traces);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responsesApi")
    @AvaliarRecording(cassette = "provider-traffic-2/openai-responses/{displayName}", failOnUnusedInteractions = true)
    void responses_api_exchanges_replay_with_the_recorded_tokens(
            String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        replay("provider-traffic-2/openai-responses/" + cassette, endpoints, traces);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responsesApiWithDownload")
    @AvaliarRecording(cassette = "provider-traffic-2/openai/{displayName}", failOnUnusedInteractions = true)
    void responses_api_exchanges_after_a_download_replay_with_the_recorded_tokens(
            String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        replay("provider-traffic-2/openai/" + cassette, endpoints, traces);
    }

    @Test
    @AvaliarRecording(cassette = "provider-traffic-2/anthropic/test_image_url_input_force_download.yaml")
    void a_downloaded_image_replays_as_the_recorded_bytes(ProviderEndpoints endpoints) throws Exception {
        JsonNode download = interactions("provider-traffic-2/anthropic/test_image_url_input_force_download.yaml")
                .get(0);
        URI uri = URI.create(download.at("/request/uri").asText());

        HttpResponse<byte[]> answer = get(endpoints, uri);

        assertThat(answer.body()).isEqualTo(download.at("/response/body/string").binaryValue());
    }

    // ---- replaying one cassette ----

    private void replay(String cassette, ProviderEndpoints endpoints, CapturedTraces traces) throws IOException {
        List<JsonNode> interactions = interactions(cassette);
        Map<String, Tokens> expected = new LinkedHashMap<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        OpenAIClient openai = Clients.openai(endpoints);
        AnthropicClient anthropic = Clients.anthropic(endpoints);
        for (int i = 0; i < interactions.size(); i++) {
            JsonNode interaction = interactions.get(i);
            URI uri = URI.create(interaction.at("/request/uri").asText());
            String method = interaction.at("/request/method").asText();
            JsonNode request = requestBody(interaction.path("request"));
            int status = interaction.at("/response/status/code").asInt();
            String span = "exchange_" + i;
            String path = uri.getPath();
            if (path.equals("/v1/chat/completions") || path.equals("/v1/responses") || path.equals("/v1/messages")) {
                outcomes.put(
                        span, status >= 400 ? Outcome.NONE : Outcome.recorded(request, interaction.path("response")));
            }
            if (uri.getHost().equals("api.openai.com") && path.equals("/v1/chat/completions")) {
                expected.put(span, chat(openai, span, request, interaction.path("response")));
            } else if (uri.getHost().equals("api.openai.com") && path.equals("/v1/responses")) {
                if (status >= 400) {
                    respondWithError(openai, span, request, interaction.path("response"));
                    failed.add(span);
                    expected.put(span, Tokens.NONE);
                } else {
                    expected.put(span, responses(openai, span, request, interaction.path("response")));
                }
            } else if (uri.getHost().equals("api.openai.com") && path.startsWith("/v1/conversations")) {
                conversation(openai, method, path, interaction.path("response"));
            } else if (uri.getHost().equals("api.anthropic.com")
                    && path.equals("/v1/messages")
                    && cassette.startsWith("provider-traffic/")) {
                // plain messages: through client.messages(), its Message and RawMessageStreamEvent
                expected.put(span, anthropic(anthropic, span, request, interaction.path("response")));
            } else if (uri.getHost().equals("api.anthropic.com") && path.equals("/v1/messages")) {
                // server tools, MCP servers: through client.beta().messages()
                expected.put(span, anthropicBeta(anthropic, span, request, interaction.path("response")));
            } else {
                // a download made by the code under test: it replays like any other interaction
                HttpResponse<byte[]> answer = get(endpoints, uri);
                assertThat(answer.statusCode())
                        .as("status of the download %s", uri)
                        .isEqualTo(status);
                assertThat(answer.headers().firstValue("content-type"))
                        .as("content type of the download %s", uri)
                        .hasValue(interaction
                                .at("/response/headers/content-type/0")
                                .asText());
            }
        }

        assertThat(expected).as("llm exchanges of %s", cassette).isNotEmpty();
        Map<String, Tokens> actual = new LinkedHashMap<>();
        Map<String, Outcome> actualOutcomes = new LinkedHashMap<>();
        for (CapturedSpan span :
                traces.awaitTraces(expected.size()).stream().map(t -> t.root()).collect(Collectors.toList())) {
            assertThat(span.type()).isEqualTo(SpanType.LLM);
            assertThat(span.isError()).as("error of span %s", span.name()).isEqualTo(failed.contains(span.name()));
            actual.put(span.name(), Tokens.of(span));
            actualOutcomes.put(span.name(), Outcome.of(span));
        }
        System.out.println("=== " + cassette + ": " + actual);
        assertThat(actual).as("token counts of each exchange of %s", cassette).isEqualTo(expected);
        assertThat(actualOutcomes)
                .as("response ids, finish reasons and answer texts of each exchange of %s", cassette)
                .isEqualTo(outcomes);
    }

    private static Tokens chat(OpenAIClient client, String span, JsonNode request, JsonNode response)
            throws IOException {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .body(com.openai.core.ObjectMappers.jsonMapper()
                        .treeToValue(request, ChatCompletionCreateParams.Body.class))
                .build();
        if (!request.path("stream").asBoolean(false)) {
            Avaliar.llm(span).provider("openai").call(run -> {
                ChatCompletion completion = client.chat().completions().create(params);
                run.usageFrom(completion);
                return completion.choices().get(0).message().content().orElse("");
            });
            return openaiUsage(
                    responseBody(response).path("usage"),
                    "prompt_tokens",
                    "completion_tokens",
                    "prompt_tokens_details",
                    "completion_tokens_details");
        }
        try (Stream<ChatCompletionChunk> chunks = Avaliar.llm(span).provider("openai").stream(() ->
                client.chat().completions().createStreaming(params).stream().peek(Avaliar::updateCurrentLlmRun))) {
            chunks.forEach(chunk -> {});
        }
        JsonNode usage = null;
        for (JsonNode event : sseData(response)) {
            if (event.hasNonNull("usage")) {
                usage = event.get("usage");
            }
        }
        return usage == null
                ? Tokens.NONE
                : openaiUsage(
                        usage,
                        "prompt_tokens",
                        "completion_tokens",
                        "prompt_tokens_details",
                        "completion_tokens_details");
    }

    private static Tokens responses(OpenAIClient client, String span, JsonNode request, JsonNode response)
            throws IOException {
        ResponseCreateParams params = responseParams(request);
        if (!request.path("stream").asBoolean(false)) {
            Avaliar.llm(span).provider("openai").call(run -> {
                Response answer = client.responses().create(params);
                run.usageFrom(answer);
                return answer.id();
            });
            return openaiUsage(
                    responseBody(response).path("usage"),
                    "input_tokens",
                    "output_tokens",
                    "input_tokens_details",
                    "output_tokens_details");
        }
        try (Stream<ResponseStreamEvent> events = Avaliar.llm(span).provider("openai").stream(
                () -> client.responses().createStreaming(params).stream().peek(Avaliar::updateCurrentLlmRun))) {
            events.forEach(event -> {});
        }
        for (JsonNode event : sseData(response)) {
            if (event.path("type").asText().equals("response.completed")) {
                return openaiUsage(
                        event.at("/response/usage"),
                        "input_tokens",
                        "output_tokens",
                        "input_tokens_details",
                        "output_tokens_details");
            }
        }
        throw new AssertionError("no response.completed event in the recorded stream");
    }

    private static void respondWithError(OpenAIClient client, String span, JsonNode request, JsonNode response)
            throws IOException {
        ResponseCreateParams params = responseParams(request);
        String message = responseBody(response).at("/error/message").asText();
        assertThatThrownBy(() -> {
                    try (Stream<ResponseStreamEvent> events = Avaliar.llm(span).provider("openai").stream(() ->
                            client.responses().createStreaming(params).stream().peek(Avaliar::updateCurrentLlmRun))) {
                        events.forEach(event -> {});
                    }
                })
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }

    private static ResponseCreateParams responseParams(JsonNode request) throws IOException {
        return ResponseCreateParams.builder()
                .body(com.openai.core.ObjectMappers.jsonMapper().treeToValue(request, ResponseCreateParams.Body.class))
                .build();
    }

    private static void conversation(OpenAIClient client, String method, String path, JsonNode response)
            throws IOException {
        String id = responseBody(response).path("id").asText();
        switch (method) {
            case "POST" -> assertThat(client.conversations().create().id()).isEqualTo(id);
            case "DELETE" ->
                assertThat(client.conversations()
                                .delete(path.substring(path.lastIndexOf('/') + 1))
                                .deleted())
                        .isTrue();
            default ->
                assertThat(client.conversations()
                                .retrieve(path.substring(path.lastIndexOf('/') + 1))
                                .id())
                        .isEqualTo(id);
        }
    }

    private static Tokens anthropic(AnthropicClient client, String span, JsonNode request, JsonNode response)
            throws IOException {
        com.anthropic.models.messages.MessageCreateParams params =
                com.anthropic.models.messages.MessageCreateParams.builder()
                        .body(com.anthropic.core.ObjectMappers.jsonMapper()
                                .treeToValue(request, com.anthropic.models.messages.MessageCreateParams.Body.class))
                        .putAdditionalQueryParam("beta", "true") // as the Python SDK sent it
                        .build();
        if (!request.path("stream").asBoolean(false)) {
            Avaliar.llm(span).provider("anthropic").call(run -> {
                Message message = client.messages().create(params);
                run.usageFrom(message);
                return message.id();
            });
        } else {
            try (Stream<RawMessageStreamEvent> events = Avaliar.llm(span).provider("anthropic").stream(() -> {
                StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params);
                return stream.stream().peek(Avaliar::updateCurrentLlmRun).onClose(stream::close);
            })) {
                events.forEach(event -> {});
            }
        }
        return anthropicTokens(request, response);
    }

    private static Tokens anthropicBeta(AnthropicClient client, String span, JsonNode request, JsonNode response)
            throws IOException {
        MessageCreateParams params = MessageCreateParams.builder()
                .body(com.anthropic.core.ObjectMappers.jsonMapper()
                        .treeToValue(request, MessageCreateParams.Body.class))
                // recorded by the Python SDK, which marks beta calls with ?beta=true
                .putAdditionalQueryParam("beta", "true")
                .build();
        if (!request.path("stream").asBoolean(false)) {
            Avaliar.llm(span).provider("anthropic").call(run -> {
                BetaMessage message = client.beta().messages().create(params);
                run.usageFrom(message);
                return message.id();
            });
        } else {
            try (Stream<BetaRawMessageStreamEvent> events = Avaliar.llm(span).provider("anthropic").stream(() -> {
                StreamResponse<BetaRawMessageStreamEvent> stream =
                        client.beta().messages().createStreaming(params);
                return stream.stream().peek(Avaliar::updateCurrentLlmRun).onClose(stream::close);
            })) {
                events.forEach(event -> {});
            }
        }
        return anthropicTokens(request, response);
    }

    private static Tokens anthropicTokens(JsonNode request, JsonNode response) throws IOException {
        if (!request.path("stream").asBoolean(false)) {
            return new AnthropicUsage()
                    .add(responseBody(response).path("usage"))
                    .tokens();
        }
        AnthropicUsage usage = new AnthropicUsage();
        for (JsonNode event : sseData(response)) {
            switch (event.path("type").asText()) {
                case "message_start" -> usage.add(event.at("/message/usage"));
                case "message_delta" -> usage.add(event.path("usage"));
                default -> {}
            }
        }
        return usage.tokens();
    }

    // ---- the cassette, read here with Jackson's YAML and JSON readers ----

    private static List<JsonNode> interactions(String cassette) throws IOException {
        List<JsonNode> interactions = new ArrayList<>();
        YAML.readTree(fixtures().resolve(cassette).toFile())
                .path("interactions")
                .forEach(interactions::add);
        return interactions;
    }

    /** pydantic-ai's {@code parsed_body}, or VCR.py's {@code body: {string: ...}} holding JSON. */
    private static JsonNode requestBody(JsonNode message) throws IOException {
        JsonNode parsed = message.get("parsed_body");
        if (parsed != null && parsed.isObject()) {
            return parsed;
        }
        JsonNode text = message.at("/body/string");
        return text.isTextual() && !text.asText().isBlank() ? JSON.readTree(text.asText()) : JSON.createObjectNode();
    }

    private static JsonNode responseBody(JsonNode response) throws IOException {
        return requestBody(response);
    }

    /** The JSON of every {@code data:} line of a recorded {@code text/event-stream}. */
    private static List<JsonNode> sseData(JsonNode response) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.at("/body/string").asText().split("\n")) {
            if (line.startsWith("data:") && line.substring(5).trim().startsWith("{")) {
                events.add(JSON.readTree(line.substring(5)));
            }
        }
        return events;
    }

    private static Tokens openaiUsage(
            JsonNode usage, String input, String output, String inputDetails, String outputDetails) {
        return new Tokens(
                count(usage.path(input)),
                count(usage.path(output)),
                count(usage.path(inputDetails).path("cached_tokens")),
                count(usage.path(inputDetails).path("cache_write_tokens")),
                count(usage.path(outputDetails).path("reasoning_tokens")));
    }

    /**
     * Anthropic's counts: cache reads and writes apart from {@code input_tokens} (the span's input
     * includes them), and cumulative in a stream: each one present replaces the one before.
     */
    private static final class AnthropicUsage {
        private Long input;
        private Long output;
        private Long cacheRead;
        private Long cacheWrite;
        private Long thinking;

        AnthropicUsage add(JsonNode usage) {
            input = latest(usage.path("input_tokens"), input);
            output = latest(usage.path("output_tokens"), output);
            cacheRead = latest(usage.path("cache_read_input_tokens"), cacheRead);
            cacheWrite = latest(usage.path("cache_creation_input_tokens"), cacheWrite);
            thinking = latest(usage.path("output_tokens_details").path("thinking_tokens"), thinking);
            return this;
        }

        Tokens tokens() {
            return new Tokens(
                    input == null ? null : input + orZero(cacheRead) + orZero(cacheWrite),
                    output,
                    cacheRead,
                    cacheWrite,
                    thinking);
        }

        private static Long latest(JsonNode value, Long before) {
            Long count = count(value);
            return count != null ? count : before;
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static Long count(JsonNode value) {
        return value.isNumber() ? value.asLong() : null;
    }

    private static HttpResponse<byte[]> get(ProviderEndpoints endpoints, URI recorded) throws IOException {
        String upstream = recorded.getHost().toLowerCase(Locale.ROOT).replace('.', '-');
        URI replayed = URI.create(endpoints.upstream(upstream) + recorded.getRawPath());
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(replayed).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + replayed, e);
        }
    }
}

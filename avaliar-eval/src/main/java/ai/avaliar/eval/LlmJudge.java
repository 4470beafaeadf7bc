package ai.avaliar.eval;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.detection.Severity;
import ai.avaliar.detection.TextRange;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An LLM acting as judge, for every detector type ({@code PROMPT_INJECTION}, {@code JAILBREAK},
 * {@code TOXICITY}, {@code PII}, {@code BIAS}, {@code HALLUCINATION}): Avaliar's local mode
 * with the user's own OpenAI key, on any OpenAI-compatible endpoint. The model answers with a
 * JSON-schema structured verdict (temperature 0): issues with category, severity, score,
 * reason and the exact words that show the problem, which become {@link TextRange} offsets.
 * A verdict that is not what the schema asks for makes {@link #detect} throw, so the span
 * carries a {@code FAILED} result saying what was wrong.
 *
 * <p>Registered with {@link java.util.ServiceLoader}, it is <b>opt-in</b>, because it sends the
 * text it judges (personal data included) to a third party: it runs only when the system
 * property {@code avaliar.eval.judge.enabled=true} (or, without the property, the environment
 * variable {@code AVALIAR_EVAL_JUDGE=true}) turns it on <em>and</em> {@code OPENAI_API_KEY} is
 * set; otherwise it is not available, is skipped, and its {@link #name()} says what to set. It
 * reads {@code OPENAI_BASE_URL} from the environment and the system properties
 * {@code avaliar.eval.judge.model} (default {@value #DEFAULT_MODEL}),
 * {@code avaliar.eval.judge.baseUrl} and {@code avaliar.eval.judge.timeout} (per request, in
 * seconds or ISO-8601; default 30 s, one retry). Configured in code, register it with
 * {@code AvaliarConfig.builder().detector(judge)}:
 *
 * <pre>{@code
 * LlmJudge judge = LlmJudge.builder()
 *         .client(OpenAIOkHttpClient.builder().apiKey(System.getenv("OPENAI_API_KEY")).build())
 *         .model("gpt-4o-mini")
 *         .types(DetectorType.BIAS, DetectorType.HALLUCINATION)
 *         .build();
 * List<DetectionIssue> issues = judge.detect(DetectorType.HALLUCINATION,
 *         new DetectionText("Lisbon is the capital of Portugal.", "The capital of Portugal is Porto."));
 * }</pre>
 *
 * <p>Messages are the judge's reasons with the quoted words and any e-mail, phone, card, IBAN,
 * SSN, IP address or key the rule detectors recognise replaced by {@code [redacted]}; a judge
 * may still paraphrase personal data that no rule recognises (a name, say).
 *
 * @since 0.1.0
 */
public final class LlmJudge implements Detector {

    /** The model asked when none is configured. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    /** The system property that turns the ServiceLoader judge on ({@code true}); it is off by default. */
    static final String ENABLED_PROPERTY = "avaliar.eval.judge.enabled";
    /** The environment variable that turns the ServiceLoader judge on when the property is not set. */
    static final String ENABLED_ENV = "AVALIAR_EVAL_JUDGE";
    /** The system property with the request timeout of the ServiceLoader judge. */
    static final String TIMEOUT_PROPERTY = "avaliar.eval.judge.timeout";
    /** How long one request to the judge may take, unless configured. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Retries of a failed request: one, so a slow or failing judge holds a detection thread briefly. */
    static final int MAX_RETRIES = 1;

    /** Characters of each field sent to the judge; longer text is cut, and the judge is told so. */
    static final int MAX_FIELD_CHARS = 50_000;

    private static final String REDACTED = "[redacted]";
    /** Said instead of a value the judge answered out of its schema: that value may be the data judged. */
    private static final String NOT_SHOWN = " (the value is not shown: it may hold the judged data)";

    private final OpenAIClient client;
    private final String model;
    private final Set<DetectorType> types;
    private final String unavailable;
    /** Why the ServiceLoader judge is off, in a few words for its name; null when it is on. */
    private final String off;

    /**
     * The judge {@link java.util.ServiceLoader} creates: configured from {@code OPENAI_API_KEY},
     * {@code OPENAI_BASE_URL} and the {@code avaliar.eval.judge.*} system properties.
     */
    public LlmJudge() {
        this(System::getenv, System::getProperty);
    }

    LlmJudge(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        String key = environment.apply("OPENAI_API_KEY");
        String baseUrl =
                firstNonBlank(properties.apply("avaliar.eval.judge.baseUrl"), environment.apply("OPENAI_BASE_URL"));
        String enabledProperty = properties.apply(ENABLED_PROPERTY);
        String enabled = enabledProperty != null ? enabledProperty : environment.apply(ENABLED_ENV);
        boolean on = enabled != null && Boolean.parseBoolean(enabled.trim());
        boolean hasKey = key != null && !key.isBlank();
        String timeoutValue = properties.apply(TIMEOUT_PROPERTY);
        Duration timeout = timeout(timeoutValue);
        this.model = firstNonBlank(properties.apply("avaliar.eval.judge.model"), DEFAULT_MODEL);
        this.types = EnumSet.allOf(DetectorType.class);
        if (!on || !hasKey) {
            this.client = null;
            List<String> missing = new ArrayList<>();
            if (!on) {
                missing.add(ENABLED_PROPERTY + "=true");
            }
            if (!hasKey) {
                missing.add("OPENAI_API_KEY");
            }
            String needed = "set " + String.join(" and ", missing);
            this.off = "off: " + needed;
            this.unavailable = "the LLM judge is opt-in, because it sends the text it judges to a third party: "
                    + needed + " (or the environment variable " + ENABLED_ENV + "=true; OPENAI_BASE_URL for an"
                    + " OpenAI-compatible endpoint), or register LlmJudge.builder()...build() with AvaliarConfig";
        } else if (timeout == null) {
            this.client = null;
            this.off = "off: " + TIMEOUT_PROPERTY + " = '" + timeoutValue + "' is not a positive duration";
            this.unavailable = "the LLM judge is off: " + TIMEOUT_PROPERTY + " = '" + timeoutValue + "' is not a"
                    + " positive duration; write it as '5 s', '500 ms', '1 m' or 'PT2.5S'";
        } else {
            this.client = newClient(key, baseUrl, timeout);
            this.off = null;
            this.unavailable = null;
        }
    }

    private LlmJudge(Builder builder) {
        this.client = builder.client;
        this.model = builder.model;
        this.types = builder.types;
        this.off = null;
        this.unavailable = null;
    }

    /** The request timeout a property gives (seconds, or ISO-8601), the default without one, null when unreadable. */
    static Duration timeout(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Durations.parse(TIMEOUT_PROPERTY, value);
        } catch (IllegalArgumentException notADuration) {
            return null;
        }
    }

    /** A client for the judge: its own timeout, one retry, and the base URL when one is given. */
    private static OpenAIClient newClient(String apiKey, String baseUrl, Duration timeout) {
        OpenAIOkHttpClient.Builder b =
                OpenAIOkHttpClient.builder().apiKey(apiKey).timeout(timeout).maxRetries(MAX_RETRIES);
        if (baseUrl != null) {
            b.baseUrl(baseUrl);
        }
        return b.build();
    }

    /**
     * Starts a judge configured in code.
     *
     * @return a builder; {@link Builder#client} or {@link Builder#apiKey} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Set<DetectorType> types() {
        return types;
    }

    @Override
    public DetectionMethod method() {
        return DetectionMethod.LLM_JUDGE;
    }

    @Override
    public boolean isAvailable() {
        return client != null;
    }

    /**
     * {@code LlmJudge(gpt-4o-mini)}; for the ServiceLoader judge when it is off, what turns it
     * on, e.g. {@code LlmJudge (off: set avaliar.eval.judge.enabled=true and OPENAI_API_KEY)},
     * which core shows when no available detector serves a type.
     */
    @Override
    public String name() {
        return off != null ? "LlmJudge (" + off + ")" : "LlmJudge(" + model + ")";
    }

    /**
     * The model this judge asks.
     *
     * @return the model name
     */
    public String model() {
        return model;
    }

    @Override
    public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (client == null) {
            throw new IllegalStateException(unavailable);
        }
        if (!types.contains(type)) {
            throw new IllegalArgumentException(name() + " does not judge " + type + "; it judges " + types);
        }
        ChatCompletion completion = client.chat().completions().create(request(type, text));
        if (completion.choices().isEmpty()) {
            throw malformed(type, "the answer has no choices");
        }
        ChatCompletionMessage message = completion.choices().get(0).message();
        if (message.refusal().isPresent()) {
            throw new IllegalStateException(name() + " refused to judge " + type + ": "
                    + message.refusal().get());
        }
        String content = message.content().orElseThrow(() -> malformed(type, "the answer has no content"));
        return verdict(type, content, text);
    }

    ChatCompletionCreateParams request(DetectorType type, DetectionText text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("input", cut(text.input()));
        payload.put("output", cut(text.output()));
        String user;
        try {
            user = Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        return ChatCompletionCreateParams.builder()
                .model(model)
                .temperature(0.0)
                .addSystemMessage(JudgePrompts.system(type))
                .addUserMessage(user)
                .responseFormat(ResponseFormatJsonSchema.builder()
                        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                .name("avaliar_verdict")
                                .strict(true)
                                .schema(schema(type))
                                .build())
                        .build())
                .build();
    }

    private static String cut(String field) {
        return field.length() <= MAX_FIELD_CHARS
                ? field
                : field.substring(0, MAX_FIELD_CHARS) + " [cut by Avaliar: " + (field.length() - MAX_FIELD_CHARS)
                        + " more characters not shown]";
    }

    private static ResponseFormatJsonSchema.JsonSchema.Schema schema(DetectorType type) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("field", Map.of("type", "string", "enum", List.of("input", "output")));
        properties.put("category", Map.of("type", "string", "enum", JudgePrompts.categories(type)));
        properties.put("severity", Map.of("type", "string", "enum", List.of("LOW", "MEDIUM", "HIGH", "CRITICAL")));
        properties.put("score", Map.of("type", "number", "description", "confidence from 0 to 1"));
        properties.put("reason", Map.of("type", "string"));
        properties.put(
                "quote",
                Map.of(
                        "type",
                        "string",
                        "description",
                        "the shortest exact words of the field that show the problem, or an empty string"));
        issue.put("properties", properties);
        issue.put("required", List.of("field", "category", "severity", "score", "reason", "quote"));
        issue.put("additionalProperties", false);
        return ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("issues", Map.of("type", "array", "items", issue))))
                .putAdditionalProperty("required", JsonValue.from(List.of("issues")))
                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                .build();
    }

    List<DetectionIssue> verdict(DetectorType type, String content, DetectionText text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(content);
        } catch (JsonProcessingException notJson) {
            throw malformed(
                    type,
                    "the answer is not JSON ("
                            + notJson.getOriginalMessage().split("\n")[0].replaceAll("'[^']{12,}'", "'...'") + ")");
        }
        if (root == null || !root.isObject() || !root.path("issues").isArray()) {
            throw malformed(type, "the answer is not an object with an \"issues\" array");
        }
        List<DetectionIssue> issues = new ArrayList<>();
        int n = 0;
        for (JsonNode item : root.get("issues")) {
            n++;
            String where = "issue " + n;
            String field = text(item, "field", where, type).toLowerCase(Locale.ROOT);
            if (!field.equals("input") && !field.equals("output")) {
                throw malformed(type, where + " has a field that is not \"input\" or \"output\"" + NOT_SHOWN);
            }
            String category = knownCategory(type, text(item, "category", where, type));
            if (category == null) {
                throw malformed(
                        type,
                        where + " has a category that is not one of " + String.join(", ", JudgePrompts.categories(type))
                                + NOT_SHOWN);
            }
            String severityName = text(item, "severity", where, type);
            Severity severity;
            try {
                severity = Severity.valueOf(severityName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw malformed(
                        type, where + " has a severity that is not one of LOW, MEDIUM, HIGH, CRITICAL" + NOT_SHOWN);
            }
            JsonNode scoreNode = item.get("score");
            if (scoreNode == null || !scoreNode.isNumber() || scoreNode.asDouble() < 0 || scoreNode.asDouble() > 1) {
                throw malformed(type, where + " has score " + scoreNode + ", expected a number from 0 to 1");
            }
            String reason = item.path("reason").asText("");
            String quote = item.path("quote").asText("");
            TextRange.Field preferred = field.equals("input") ? TextRange.Field.INPUT : TextRange.Field.OUTPUT;
            List<TextRange> ranges = locate(quote, preferred, text);
            issues.add(new DetectionIssue(
                    type,
                    category,
                    severity,
                    scoreNode.asDouble(),
                    redact(reason, quote, text),
                    ranges,
                    DetectionMethod.LLM_JUDGE));
        }
        return issues;
    }

    /**
     * The category as the schema spells it, whatever the case the judge used; null when it is
     * not one of the type's categories (an endpoint that ignores {@code strict} may answer
     * anything there, even the data it judged).
     */
    private static String knownCategory(DetectorType type, String answered) {
        for (String known : JudgePrompts.categories(type)) {
            if (known.equalsIgnoreCase(answered.trim())) {
                return known;
            }
        }
        return null;
    }

    private String text(JsonNode item, String name, String where, DetectorType type) {
        JsonNode node = item.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw malformed(type, where + " has no \"" + name + "\"");
        }
        return node.asText();
    }

    private IllegalStateException malformed(DetectorType type, String problem) {
        return new IllegalStateException(name() + " answered " + type + " with a malformed verdict: " + problem
                + ". The endpoint must support JSON-schema structured output (response_format json_schema);"
                + " choose another model with avaliar.eval.judge.model or LlmJudge.builder().model(...).");
    }

    /** Where the quoted words are: in the field the judge named, else in the other one; none when not found. */
    static List<TextRange> locate(String quote, TextRange.Field preferred, DetectionText text) {
        if (quote.isBlank()) {
            return List.of();
        }
        TextRange.Field other = preferred == TextRange.Field.INPUT ? TextRange.Field.OUTPUT : TextRange.Field.INPUT;
        for (TextRange.Field field : List.of(preferred, other)) {
            String haystack = text.of(field);
            int at = haystack.indexOf(quote);
            if (at < 0) {
                String lower = haystack.toLowerCase(Locale.ROOT);
                at = lower.length() == haystack.length() ? lower.indexOf(quote.toLowerCase(Locale.ROOT)) : -1;
            }
            if (at >= 0) {
                return List.of(new TextRange(field, at, at + quote.length()));
            }
        }
        return List.of();
    }

    /** The judge's reason without the quoted words and without what the rule detectors recognise as data. */
    static String redact(String reason, String quote, DetectionText text) {
        String out = quote.isBlank() ? reason : reason.replace(quote, REDACTED);
        List<Finding> data = new ArrayList<>(new PiiDetector("US").find(out));
        data.addAll(SecretsDetector.find(out));
        data.sort((a, b) -> Integer.compare(b.start(), a.start()));
        StringBuilder b = new StringBuilder(out);
        int last = Integer.MAX_VALUE;
        for (Finding f : data) {
            if (f.end() <= last) {
                b.replace(f.start(), f.end(), REDACTED);
                last = f.start();
            }
        }
        return b.toString();
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : (b != null && !b.isBlank() ? b.trim() : null);
    }

    /**
     * Configures an {@link LlmJudge}.
     *
     * <pre>{@code
     * LlmJudge judge = LlmJudge.builder().baseUrl("http://localhost:11434/v1").apiKey("ollama").model("llama3.1").build();
     * }</pre>
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private OpenAIClient client;
        private String baseUrl;
        private String apiKey;
        private String model = DEFAULT_MODEL;
        private Set<DetectorType> types = EnumSet.allOf(DetectorType.class);
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {}

        /**
         * How long one request may take, {@code 30s} by default, for the client built from
         * {@link #apiKey}; a {@link #client} given keeps its own timeouts.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "a judge timeout is a positive duration, such as Duration.ofSeconds(30);" + " got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The openai-java client to ask (its base URL, key, timeouts and retries are used as they are).
         *
         * @param client the client
         * @return this builder
         */
        public Builder client(OpenAIClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * The base URL of an OpenAI-compatible endpoint, such as {@code http://localhost:11434/v1};
         * used with {@link #apiKey} when no {@link #client} is given.
         *
         * @param baseUrl the URL, ending in {@code /v1} as openai-java expects
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * The API key; used when no {@link #client} is given.
         *
         * @param apiKey the key, e.g. {@code System.getenv("OPENAI_API_KEY")}
         * @return this builder
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /**
         * The model to ask; {@value LlmJudge#DEFAULT_MODEL} by default.
         *
         * @param model the model name
         * @return this builder
         */
        public Builder model(String model) {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("a model name is needed, such as \"gpt-4o-mini\"");
            }
            this.model = model;
            return this;
        }

        /**
         * The detector types this judge answers for; all six by default.
         *
         * @param types one or more types
         * @return this builder
         */
        public Builder types(DetectorType... types) {
            if (types.length == 0) {
                throw new IllegalArgumentException("name at least one detector type, such as DetectorType.BIAS");
            }
            this.types = EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /**
         * Builds the judge.
         *
         * @return the judge
         * @throws IllegalStateException when neither a client nor an API key was given
         */
        public LlmJudge build() {
            if (client == null) {
                if (apiKey == null || apiKey.isBlank()) {
                    throw new IllegalStateException("LlmJudge needs a client or an API key:"
                            + " LlmJudge.builder().client(openAIClient) or .apiKey(System.getenv(\"OPENAI_API_KEY\"))");
                }
                client = newClient(apiKey, baseUrl, timeout);
            }
            return new LlmJudge(this);
        }
    }
}

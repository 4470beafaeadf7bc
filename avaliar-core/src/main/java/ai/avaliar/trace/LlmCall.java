package ai.avaliar.trace;

import ai.avaliar.trace.internal.Pairs;
import io.opentelemetry.api.trace.SpanBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An llm span: a call of a language model, with its model, provider and generation
 * parameters. Obtained from {@link Avaliar#llm}.
 *
 * <pre>{@code
 * String answer = Avaliar.llm("synthesize")
 *     .model("gpt-4o").provider("openai")
 *     .temperature(0.2).topP(0.9)
 *     .call(run -> {
 *         ChatCompletion completion = client.chat().completions().create(params);
 *         run.usageFrom(completion);
 *         return completion.choices().get(0).message().content().orElse("");
 *     });
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LlmCall extends SpanCall<LlmCall> {

    private String model;
    private String provider;
    private String serverAddress;
    private int serverPort;
    private Pairs generationInfo;

    LlmCall(String name) {
        super(SpanType.LLM, name);
    }

    @Override
    LlmCall self() {
        return this;
    }

    /**
     * The model asked for, such as {@code gpt-4o}; it prices the call.
     *
     * @param modelName the model
     * @return this builder
     */
    public LlmCall model(String modelName) {
        this.model = modelName;
        return this;
    }

    /**
     * The provider, such as {@code openai} or {@code anthropic}: how Avaliar breaks cost and
     * latency down.
     *
     * @param providerName the provider
     * @return this builder
     */
    public LlmCall provider(String providerName) {
        this.provider = providerName;
        return this;
    }

    /**
     * Where the call goes, as the conventions' {@code server.address} and {@code server.port}: the
     * host and port of the provider's endpoint, such as the client's base URL.
     *
     * <pre>{@code
     * Avaliar.llm("answer").model("gpt-4o").provider("openai").server(URI.create("https://api.openai.com/v1"))
     * }</pre>
     *
     * @param endpoint the endpoint's URL; its port, or the scheme's default (443 for https, 80 for http)
     * @return this builder
     */
    public LlmCall server(URI endpoint) {
        if (endpoint != null && endpoint.getHost() != null) {
            serverAddress = endpoint.getHost();
            int port = endpoint.getPort();
            serverPort = port > 0 ? port : "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
        }
        return this;
    }

    /**
     * A generation parameter, recorded in the span's generation info
     * ({@code avaliar.generation_info.<key>}); {@code temperature}, {@code top_p}, {@code top_k},
     * {@code max_tokens}, {@code seed}, {@code frequency_penalty}, {@code presence_penalty} and
     * {@code stop} (or {@code stop_sequences}: a string or a list of them) also as their
     * OpenTelemetry GenAI attributes ({@code gen_ai.request.*}).
     *
     * @param key the parameter, such as {@code temperature} or {@code seed}
     * @param value a string, number or boolean
     * @return this builder
     */
    public LlmCall generationInfo(String key, Object value) {
        if (key != null) {
            if (generationInfo == null) {
                generationInfo = new Pairs();
            }
            generationInfo.put(key, value);
        }
        return this;
    }

    /**
     * The sampling temperature.
     *
     * @param temperature the temperature
     * @return this builder
     */
    public LlmCall temperature(double temperature) {
        return generationInfo("temperature", temperature);
    }

    /**
     * Nucleus sampling.
     *
     * @param topP the top_p
     * @return this builder
     */
    public LlmCall topP(double topP) {
        return generationInfo("top_p", topP);
    }

    /**
     * The output token limit.
     *
     * @param maxTokens the limit
     * @return this builder
     */
    public LlmCall maxTokens(long maxTokens) {
        return generationInfo("max_tokens", maxTokens);
    }

    /**
     * Screens the prompt before the model is called: the detectors of {@code detect(...)} run on
     * the span's input, on the caller's thread, before the body; when one finds an issue of
     * severity {@code HIGH} or worse, the body does not run (the model is not called), the span
     * records the results, {@code avaliar.blocked = true} and an error, and the call throws
     * {@link ai.avaliar.detection.PromptBlockedException}. A prompt that passes gets
     * {@code avaliar.blocked = false}; the span's end-of-call detection then reports each input
     * issue once. A screening detector that fails does not block. Rule detectors run inline;
     * LLM judges on Avaliar's detection threads, within the detection timeout. With tracing
     * off, nothing is screened.
     *
     * <pre>{@code
     * Avaliar.llm("answer").detect(DetectorType.PROMPT_INJECTION, DetectorType.JAILBREAK).blocking(true)
     *     .input("prompt", userText)
     *     .call(() -> model.complete(userText));   // throws PromptBlockedException on an attack
     * }</pre>
     *
     * @param block true to screen and block
     * @return this builder
     */
    public LlmCall blocking(boolean block) {
        this.blocking = block;
        return this;
    }

    @Override
    String requestModel() {
        return model;
    }

    /** A number as a decimal: 0.7f as 0.7, a {@code Double} as itself (no new box). */
    private static Double decimal(Number number) {
        if (number instanceof Double) {
            return (Double) number;
        }
        return number instanceof Float ? Double.parseDouble(number.toString()) : number.doubleValue();
    }

    /** A stop sequence or a collection of them as strings; null for anything else. */
    private static List<String> stopSequences(Object value) {
        if (value instanceof String) {
            return List.of((String) value);
        }
        if (!(value instanceof Collection<?>)) {
            return null;
        }
        List<String> stops = new ArrayList<>();
        for (Object stop : (Collection<?>) value) {
            if (stop != null) {
                stops.add(stop.toString());
            }
        }
        return stops;
    }

    @Override
    void ownAttributes(SpanBuilder builder, AvaliarRuntime.Settings settings) {
        if (model != null) {
            builder.setAttribute(AvaliarAttributes.REQUEST_MODEL, model);
        }
        if (provider != null) {
            builder.setAttribute(AvaliarAttributes.PROVIDER_NAME, provider);
        }
        if (serverAddress != null) {
            builder.setAttribute(AvaliarAttributes.SERVER_ADDRESS, serverAddress);
            builder.setAttribute(AvaliarAttributes.SERVER_PORT, (long) serverPort);
        }
        if (generationInfo == null) {
            return;
        }
        int maxChars = settings.maxPayloadChars();
        for (int i = 0; i < generationInfo.size(); i++) {
            String key = generationInfo.key(i);
            Object value = generationInfo.value(i);
            TypedAttributes.setGenerationInfo(builder, key, value, maxChars);
            if ("stop".equals(key) || "stop_sequences".equals(key)) {
                List<String> stops = stopSequences(value);
                if (stops != null) {
                    builder.setAttribute(AvaliarAttributes.REQUEST_STOP_SEQUENCES, stops);
                }
            } else if (value instanceof Number) {
                Number number = (Number) value;
                switch (key) {
                    case "temperature":
                        builder.setAttribute(AvaliarAttributes.REQUEST_TEMPERATURE, decimal(number));
                        break;
                    case "top_p":
                        builder.setAttribute(AvaliarAttributes.REQUEST_TOP_P, decimal(number));
                        break;
                    case "max_tokens":
                        builder.setAttribute(AvaliarAttributes.REQUEST_MAX_TOKENS, number.longValue());
                        break;
                    case "seed":
                        builder.setAttribute(AvaliarAttributes.REQUEST_SEED, number.longValue());
                        break;
                    case "frequency_penalty":
                        builder.setAttribute(AvaliarAttributes.REQUEST_FREQUENCY_PENALTY, decimal(number));
                        break;
                    case "presence_penalty":
                        builder.setAttribute(AvaliarAttributes.REQUEST_PRESENCE_PENALTY, decimal(number));
                        break;
                    case "top_k":
                        builder.setAttribute(AvaliarAttributes.REQUEST_TOP_K, decimal(number));
                        break;
                    default:
                        break;
                }
            }
        }
    }
}

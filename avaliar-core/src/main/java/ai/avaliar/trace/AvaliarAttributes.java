package ai.avaliar.trace;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute names Avaliar writes on spans: the OpenTelemetry GenAI semantic conventions
 * where they define a name, {@code avaliar.*} for the rest. This is the wire contract that
 * backends, reports and assertions read.
 *
 * <pre>{@code
 * String model = spanData.getAttributes().get(AvaliarAttributes.REQUEST_MODEL);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AvaliarAttributes {

    /**
     * The version of the OpenTelemetry GenAI semantic conventions these names follow: release
     * 1.41.1 of {@code open-telemetry/semantic-conventions}, the last to hold them, whose names the
     * {@code open-telemetry/semantic-conventions-genai} registry keeps. All are at Development status.
     */
    public static final String GEN_AI_CONVENTIONS_VERSION = "1.41.1";

    /** {@code agent}, {@code tool}, {@code llm} or {@code generic}. */
    public static final AttributeKey<String> SPAN_TYPE = AttributeKey.stringKey("avaliar.span.type");
    /** {@code chat}, {@code execute_tool} or {@code invoke_agent}. */
    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    /** The provider, such as {@code openai} or {@code anthropic}. */
    public static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    /** The provider as older instrumentation (Spring AI) writes it; read, never written. */
    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    /** The model asked for. */
    public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    /** The model that answered. */
    public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    /** Prompt tokens. */
    public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    /** Completion tokens. */
    public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** Prompt tokens served from the provider's cache. */
    public static final AttributeKey<Long> CACHE_READ_INPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    /** Prompt tokens written to the provider's cache (Anthropic's cache creation). */
    public static final AttributeKey<Long> CACHE_CREATION_INPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    /** Completion tokens spent on reasoning. */
    public static final AttributeKey<Long> REASONING_OUTPUT_TOKENS =
            AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
    /** Whether the response was streamed. */
    public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    /** Seconds from the start of the span to the first chunk of a stream. */
    public static final AttributeKey<Double> TIME_TO_FIRST_CHUNK =
            AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
    /** The sampling temperature. */
    public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    /** Nucleus sampling. */
    public static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
    /** The output token limit. */
    public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    /** The seed asked for ({@code generationInfo("seed", 42)}). */
    public static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
    /** The stop sequences asked for ({@code generationInfo("stop", List.of("END"))}). */
    public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
            AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");
    /** The frequency penalty asked for. */
    public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
            AttributeKey.doubleKey("gen_ai.request.frequency_penalty");
    /** The presence penalty asked for. */
    public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
            AttributeKey.doubleKey("gen_ai.request.presence_penalty");
    /** Top-k sampling; a double, as the conventions type it. */
    public static final AttributeKey<Double> REQUEST_TOP_K = AttributeKey.doubleKey("gen_ai.request.top_k");
    /** The provider's id of the completion, such as {@code chatcmpl-123} or {@code msg_01...}. */
    public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    /** Why the model stopped, one per choice, such as {@code [stop]} or {@code [end_turn]}. */
    public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    /**
     * Opt-in ({@code AvaliarConfig.builder().captureMessageContent(true)}): the messages the model
     * was given, as JSON per the conventions' input messages schema.
     */
    public static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    /** Opt-in, as {@link #INPUT_MESSAGES}: the model's answers, one message per choice, as JSON. */
    public static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    /** Opt-in, as {@link #INPUT_MESSAGES}: system instructions given apart from the messages, as JSON. */
    public static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    /** The host an llm call went to, such as {@code api.openai.com} (OpenTelemetry's {@code server.address}). */
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    /** The port an llm call went to (OpenTelemetry's {@code server.port}). */
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    /** The class name of the exception a failed span ended with (OpenTelemetry's {@code error.type}). */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Prefix of every generation parameter: {@code avaliar.generation_info.<key>}. */
    public static final String GENERATION_INFO_PREFIX = "avaliar.generation_info.";
    /** Prefix of user metadata: {@code avaliar.metadata.<key>}. */
    public static final String METADATA_PREFIX = "avaliar.metadata.";
    /** The named inputs, as a JSON object. */
    public static final AttributeKey<String> INPUT = AttributeKey.stringKey("avaliar.input");
    /** The output, as JSON. */
    public static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("avaliar.output");
    /** Cost in US dollars. */
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("avaliar.cost.usd");
    /** {@code local}, {@code cloud} or {@code none}. */
    public static final AttributeKey<String> DETECTION_MODE = AttributeKey.stringKey("avaliar.detection.mode");
    /**
     * On a {@code blocking} llm span whose prompt was screened: true when the prompt was blocked
     * (the model was not called), false when it passed.
     */
    public static final AttributeKey<Boolean> BLOCKED = AttributeKey.booleanKey("avaliar.blocked");
    /** Name of the span event carrying one detector's result. */
    public static final String DETECTION_EVENT = "avaliar.detection";
    /** A stream the consumer closed before it was exhausted. */
    public static final AttributeKey<Boolean> STREAM_CANCELLED = AttributeKey.booleanKey("avaliar.stream.cancelled");
    /** Number of chunks a stream delivered. */
    public static final AttributeKey<Long> STREAM_CHUNKS = AttributeKey.longKey("avaliar.stream.chunks");
    /** {@code development}, {@code staging} or {@code production}. */
    public static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("deployment.environment.name");
    /** The Avaliar project the trace belongs to. */
    public static final AttributeKey<String> PROJECT = AttributeKey.stringKey("avaliar.project");
    /** The unique id of the JUnit test that made the span; set only under the JUnit extension. */
    public static final AttributeKey<String> TEST_ID = AttributeKey.stringKey("avaliar.test.id");

    /** Name of the tool an execute_tool span ran (GenAI convention). */
    public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    /** Name of the agent an invoke_agent span ran (GenAI convention). */
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    /** The tool call's id, as the model gave it ({@code Avaliar.tool(name).toolCallId(id)}). */
    public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    /** {@code function}: a tool that runs in the application's own code. */
    public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    /** Opt-in, as {@link #INPUT_MESSAGES}: a tool span's inputs, as a JSON object. */
    public static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    /** Opt-in, as {@link #INPUT_MESSAGES}: what a tool span returned, as JSON. */
    public static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    /** Name of the span event the GenAI conventions define for an evaluation; one per detector result. */
    public static final String EVALUATION_RESULT_EVENT = "gen_ai.evaluation.result";
    /** On an {@link #EVALUATION_RESULT_EVENT}: the detector, e.g. {@code pii}. */
    public static final AttributeKey<String> EVALUATION_NAME = AttributeKey.stringKey("gen_ai.evaluation.name");
    /** On an {@link #EVALUATION_RESULT_EVENT}: the highest issue score, 0 with no issue; absent unless completed. */
    public static final AttributeKey<Double> EVALUATION_SCORE_VALUE =
            AttributeKey.doubleKey("gen_ai.evaluation.score.value");
    /** On an {@link #EVALUATION_RESULT_EVENT}: {@code pass}, {@code fail}, {@code pending} or {@code error}. */
    public static final AttributeKey<String> EVALUATION_SCORE_LABEL =
            AttributeKey.stringKey("gen_ai.evaluation.score.label");
    /** On an {@link #EVALUATION_RESULT_EVENT}: the issues' messages, or why the result is not complete. */
    public static final AttributeKey<String> EVALUATION_EXPLANATION =
            AttributeKey.stringKey("gen_ai.evaluation.explanation");
    /** On a {@link #DETECTION_EVENT}: the detector type, e.g. {@code pii}. */
    public static final AttributeKey<String> DETECTION_DETECTOR = AttributeKey.stringKey("avaliar.detection.detector");
    /** On a {@link #DETECTION_EVENT}: {@code completed}, {@code failed} or {@code pending}. */
    public static final AttributeKey<String> DETECTION_STATUS = AttributeKey.stringKey("avaliar.detection.status");
    /** On a {@link #DETECTION_EVENT}: whether the detector found anything. */
    public static final AttributeKey<Boolean> DETECTION_HAS_ISSUES =
            AttributeKey.booleanKey("avaliar.detection.has_issues");
    /** On a {@link #DETECTION_EVENT}: the issues found, as JSON. */
    public static final AttributeKey<String> DETECTION_ISSUES = AttributeKey.stringKey("avaliar.detection.issues");
    /** On a {@link #DETECTION_EVENT}: why the result is not complete, or a note on what the detector saw. */
    public static final AttributeKey<String> DETECTION_REASON = AttributeKey.stringKey("avaliar.detection.reason");
    /** On a test's root span in a published run: {@code successful}, {@code failed}, {@code aborted}. */
    public static final AttributeKey<String> TEST_OUTCOME = AttributeKey.stringKey("avaliar.test.outcome");
    /** Resource attribute of a published run: the id shared by every JVM of one test run. */
    public static final AttributeKey<String> TEST_RUN_ID = AttributeKey.stringKey("avaliar.test.run.id");
    /** Resource attribute of a published run: the CI that ran it, e.g. {@code github-actions}. */
    public static final AttributeKey<String> CI_PROVIDER = AttributeKey.stringKey("avaliar.ci.provider");
    /** Resource attribute of a published run: the commit tested (OpenTelemetry VCS convention). */
    public static final AttributeKey<String> VCS_REVISION = AttributeKey.stringKey("vcs.ref.head.revision");
    /** Resource attribute of a published run: the branch tested (OpenTelemetry VCS convention). */
    public static final AttributeKey<String> VCS_BRANCH = AttributeKey.stringKey("vcs.ref.head.name");
    /** Resource attribute of a published run: the CI pipeline (OpenTelemetry CI/CD convention). */
    public static final AttributeKey<String> CICD_PIPELINE_NAME = AttributeKey.stringKey("cicd.pipeline.name");
    /** Resource attribute of a published run: the CI pipeline run's id. */
    public static final AttributeKey<String> CICD_PIPELINE_RUN_ID = AttributeKey.stringKey("cicd.pipeline.run.id");
    /** Resource attribute of a published run: the CI pipeline run's page. */
    public static final AttributeKey<String> CICD_PIPELINE_RUN_URL =
            AttributeKey.stringKey("cicd.pipeline.run.url.full");

    private AvaliarAttributes() {}
}

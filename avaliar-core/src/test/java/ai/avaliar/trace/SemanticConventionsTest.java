package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.avaliar.trace.data.CapturedSpan;
import io.opentelemetry.api.common.AttributeKey;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our spans speak the OpenTelemetry GenAI semantic conventions, by the conventions' own names. */
class SemanticConventionsTest {

    /**
     * The attribute names of the GenAI registry we write, copied from {@code model/gen-ai/registry.yaml}
     * of open-telemetry/semantic-conventions v1.41.1 (the names are the same in
     * open-telemetry/semantic-conventions-genai's registry on its main branch, December 2026), and
     * {@code error.type} from the general registry. A rename in the conventions shows here first:
     * change this list to the new release, and the test names every key of ours left behind.
     */
    static final Set<String> SPEC_V1_41_1 = Set.of(
            "gen_ai.provider.name",
            "gen_ai.request.model",
            "gen_ai.request.max_tokens",
            "gen_ai.request.temperature",
            "gen_ai.request.top_p",
            "gen_ai.request.top_k",
            "gen_ai.request.stop_sequences",
            "gen_ai.request.frequency_penalty",
            "gen_ai.request.presence_penalty",
            "gen_ai.request.seed",
            "gen_ai.request.stream",
            "gen_ai.response.id",
            "gen_ai.response.model",
            "gen_ai.response.finish_reasons",
            "gen_ai.response.time_to_first_chunk",
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_creation.input_tokens",
            "gen_ai.usage.output_tokens",
            "gen_ai.usage.reasoning.output_tokens",
            "gen_ai.agent.name",
            "gen_ai.tool.name",
            "gen_ai.tool.call.id",
            "gen_ai.tool.type",
            "gen_ai.tool.call.arguments",
            "gen_ai.tool.call.result",
            "gen_ai.operation.name",
            "gen_ai.system_instructions",
            "gen_ai.input.messages",
            "gen_ai.output.messages",
            "gen_ai.evaluation.name",
            "gen_ai.evaluation.score.value",
            "gen_ai.evaluation.score.label",
            "gen_ai.evaluation.explanation",
            "error.type");

    /** Names of the conventions we only read (instrumentation older than 1.37 wrote them). */
    static final Set<String> READ_ONLY_DEPRECATED = Set.of("gen_ai.system");

    @RegisterExtension
    final Capture capture = new Capture();

    @Test
    void every_gen_ai_key_we_write_is_named_as_in_the_conventions() throws Exception {
        List<String> ours = new ArrayList<>();
        for (Field field : AvaliarAttributes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == AttributeKey.class) {
                String key = ((AttributeKey<?>) field.get(null)).getKey();
                if (key.startsWith("gen_ai.") || key.startsWith("error.")) {
                    ours.add(key);
                }
            }
        }

        assertThat(ours).allMatch(key -> SPEC_V1_41_1.contains(key) || READ_ONLY_DEPRECATED.contains(key));
        assertThat(ours).containsAll(SPEC_V1_41_1);
        assertThat(AvaliarAttributes.EVALUATION_RESULT_EVENT).isEqualTo("gen_ai.evaluation.result");
        assertThat(AvaliarAttributes.GEN_AI_CONVENTIONS_VERSION).isEqualTo("1.41.1");
    }

    @Test
    void generation_parameters_become_their_request_attributes_typed_as_the_conventions_type_them() {
        Avaliar.llm("answer")
                .generationInfo("seed", 42)
                .generationInfo("stop", List.of("END", "\n\n"))
                .generationInfo("frequency_penalty", 0.5f)
                .generationInfo("presence_penalty", 0.25)
                .generationInfo("top_k", 40)
                .call(() -> "ok");

        CapturedSpan span = capture.trace().root();
        assertThat(span.attribute(AvaliarAttributes.REQUEST_SEED)).isEqualTo(42L);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_STOP_SEQUENCES)).containsExactly("END", "\n\n");
        assertThat(span.attribute(AvaliarAttributes.REQUEST_FREQUENCY_PENALTY)).isEqualTo(0.5);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_PRESENCE_PENALTY)).isEqualTo(0.25);
        assertThat(span.attribute(AvaliarAttributes.REQUEST_TOP_K)).isEqualTo(40.0);
        assertThat(span.generationInfo()).containsEntry("seed", 42L);
    }

    @Test
    void a_single_stop_sequence_is_a_list_of_one_and_a_stop_that_is_no_text_is_only_generation_info() {
        Avaliar.llm("one").generationInfo("stop_sequences", "END").call(() -> "ok");
        Avaliar.llm("odd").generationInfo("stop", 7).call(() -> "ok");

        assertThat(capture.exporter.traces().get(0).root().attribute(AvaliarAttributes.REQUEST_STOP_SEQUENCES))
                .containsExactly("END");
        CapturedSpan odd = capture.exporter.traces().get(1).root();
        assertThat(odd.attribute(AvaliarAttributes.REQUEST_STOP_SEQUENCES)).isNull();
        assertThat(odd.generationInfo()).containsEntry("stop", 7L);
    }

    @Test
    void an_llm_span_says_where_it_went_with_the_endpoint_s_port_or_the_scheme_s_default() {
        Avaliar.llm("answer")
                .server(java.net.URI.create("https://api.openai.com/v1"))
                .call(() -> "hi");
        Avaliar.llm("local")
                .server(java.net.URI.create("http://localhost:11434/api"))
                .call(() -> "hi");

        assertThat(capture.awaitSpans(2).get(0).root().attribute(AvaliarAttributes.SERVER_ADDRESS))
                .isEqualTo("api.openai.com");
        assertThat(capture.awaitSpans(2).get(0).root().attribute(AvaliarAttributes.SERVER_PORT))
                .isEqualTo(443L);
        assertThat(capture.awaitSpans(2).get(1).root().attribute(AvaliarAttributes.SERVER_ADDRESS))
                .isEqualTo("localhost");
        assertThat(capture.awaitSpans(2).get(1).root().attribute(AvaliarAttributes.SERVER_PORT))
                .isEqualTo(11434L);
    }

    @Test
    void a_failed_span_names_the_exception_class_as_error_type() {
        Throwable thrown = catchThrowable(() -> Avaliar.agent("plan").call(() -> {
            throw new IllegalStateException("no plan");
        }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        assertThat(capture.trace().root().attribute(AvaliarAttributes.ERROR_TYPE))
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void a_span_that_succeeds_has_no_error_type() {
        Avaliar.agent("plan").call(() -> "done");

        assertThat(capture.trace().root().attribute(AvaliarAttributes.ERROR_TYPE))
                .isNull();
    }

    @Test
    void a_tool_span_is_a_function_tool() {
        Avaliar.tool("fetch_weather").call(() -> "sunny");

        assertThat(capture.trace().root().attribute(AvaliarAttributes.TOOL_TYPE))
                .isEqualTo("function");
    }
}

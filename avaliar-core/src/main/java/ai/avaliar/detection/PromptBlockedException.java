package ai.avaliar.detection;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Thrown instead of calling the model when a {@code blocking} llm span's prompt has an issue of
 * severity {@link Severity#HIGH} or worse. The model is not called; the span records the
 * results, {@code avaliar.blocked = true} and this exception. The message names the detector,
 * category and severity that blocked the prompt, never the matched text. The results and issues
 * are not serialized: a deserialized exception keeps its message and answers empty lists.
 *
 * <pre>{@code
 * try {
 *     return Avaliar.llm("answer").detect(DetectorType.PROMPT_INJECTION).blocking(true)
 *             .input("prompt", userText)
 *             .call(() -> model.complete(userText));
 * } catch (PromptBlockedException blocked) {
 *     return "Sorry, I can't help with that.";   // blocked.blockingIssues() says why
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public class PromptBlockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<DetectionResult> results;
    private final transient List<DetectionIssue> blockingIssues;

    /**
     * A blocked prompt.
     *
     * @param span the name of the llm span whose prompt was blocked
     * @param results every result of the screening of the prompt
     * @param blockingIssues the issues of severity {@code HIGH} or worse among them
     */
    public PromptBlockedException(String span, List<DetectionResult> results, List<DetectionIssue> blockingIssues) {
        super(message(span, blockingIssues));
        this.results = results == null ? List.of() : List.copyOf(results);
        this.blockingIssues = blockingIssues == null ? List.of() : List.copyOf(blockingIssues);
    }

    /**
     * Every result of the screening of the prompt, one per detector type.
     *
     * @return the results; none after deserialization
     */
    public List<DetectionResult> results() {
        return results == null ? List.of() : results; // null after deserialization: the field is transient
    }

    /**
     * The issues that blocked the prompt: those of severity {@code HIGH} or worse.
     *
     * @return at least one issue; none after deserialization
     */
    public List<DetectionIssue> blockingIssues() {
        return blockingIssues == null ? List.of() : blockingIssues; // null after deserialization: transient
    }

    private static String message(String span, List<DetectionIssue> issues) {
        String why = issues == null || issues.isEmpty()
                ? "an issue of severity HIGH or worse"
                : issues.stream()
                        .map(i -> i.type() + " " + i.category() + " (" + i.severity() + ", "
                                + i.method().name().toLowerCase(Locale.ROOT) + ")")
                        .distinct()
                        .collect(Collectors.joining(", "));
        return "The prompt of llm span '" + span + "' was blocked before it reached the model: " + why + ".";
    }
}

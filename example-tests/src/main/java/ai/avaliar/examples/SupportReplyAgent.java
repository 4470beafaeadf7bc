package ai.avaliar.examples;

import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.Run;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.Objects;

/**
 * The guide's detection on specific spans only: a support agent answers a ticket in two model
 * calls, and only the one whose text reaches the customer is checked. {@code internal_summarize}
 * (the team's own note) runs without detection; {@code user_facing_response} runs the PII and
 * toxicity detectors when it ends, off the call's path, {@link DetectionMode#LOCAL} (the rule
 * detectors of {@code avaliar-eval}, for development) or {@link DetectionMode#CLOUD} (Avaliar's
 * detection service, for production).
 *
 * <pre>{@code
 * SupportReplyAgent agent = new SupportReplyAgent(openai, DetectionMode.LOCAL);
 * String reply = agent.reply("I can't log in since I changed my e-mail address.");
 * // support_reply              (agent)
 * //   ├── internal_summarize    (llm)   no detection
 * //   └── user_facing_response  (llm)   detect(PII, TOXICITY)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SupportReplyAgent {

    private final OpenAIClient openai;
    private final DetectionMode detectionMode;

    /**
     * @param openai the OpenAI client
     * @param detectionMode where the user-facing response is checked: {@code LOCAL} or {@code CLOUD}
     */
    public SupportReplyAgent(OpenAIClient openai, DetectionMode detectionMode) {
        this.openai = Objects.requireNonNull(openai, "openai");
        this.detectionMode = Objects.requireNonNull(detectionMode, "detectionMode");
    }

    /**
     * Answers a support ticket: summarises it for the team, then writes the customer's reply from
     * the summary.
     *
     * @param ticket what the customer wrote
     * @return the reply to the customer
     */
    public String reply(String ticket) {
        return Avaliar.agent("support_reply").input("ticket", ticket).call(() -> {
            String summary = internalSummarize(ticket);
            return userFacingResponse(summary);
        });
    }

    /** Internal step: the summary stays with the team, so no detection is needed. */
    private String internalSummarize(String ticket) {
        return Avaliar.llm("internal_summarize")
                .model("gpt-4o")
                .provider("openai")
                .input("ticket", ticket)
                .call(run ->
                        complete(run, "Summarise this support ticket in one sentence for the support team.", ticket));
    }

    /** User-facing output: what the customer reads is checked for PII and toxicity. */
    private String userFacingResponse(String summary) {
        return Avaliar.llm("user_facing_response")
                .model("gpt-4o")
                .provider("openai")
                .input("summary", summary)
                .detect(DetectorType.PII, DetectorType.TOXICITY)
                .detectionMode(detectionMode)
                .call(run -> complete(
                        run,
                        "You are a friendly support agent. Write a short reply to the customer"
                                + " from the team's summary of their ticket.",
                        summary));
    }

    /** One chat completion, its usage recorded on the llm span that {@code run} belongs to. */
    private String complete(Run run, String instructions, String message) {
        ChatCompletion completion = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o")
                        .addSystemMessage(instructions)
                        .addUserMessage(message)
                        .build());
        run.usageFrom(completion);
        return completion.choices().get(0).message().content().orElse("");
    }
}

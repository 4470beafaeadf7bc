package ai.avaliar.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBlockedExceptionTest {

    @Test
    void a_deserialized_exception_keeps_its_message_and_answers_empty_lists_not_null() throws Exception {
        DetectionIssue issue = new DetectionIssue(
                DetectorType.PROMPT_INJECTION,
                "instruction_override",
                Severity.CRITICAL,
                0.9,
                "the input tells the model to ignore its instructions",
                List.of(),
                DetectionMethod.RULE);
        PromptBlockedException blocked = new PromptBlockedException(
                "chat",
                List.of(DetectionResult.completed(DetectorType.PROMPT_INJECTION, DetectionMode.LOCAL, List.of(issue))),
                List.of(issue));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(blocked);
        }
        PromptBlockedException read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (PromptBlockedException) in.readObject();
        }

        assertThat(read.getMessage()).isEqualTo(blocked.getMessage());
        assertThat(read.results()).isNotNull().isEmpty();
        assertThat(read.blockingIssues()).isNotNull().isEmpty();
    }
}

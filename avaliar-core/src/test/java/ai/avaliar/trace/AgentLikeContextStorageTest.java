package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spans opened by hand nest and close cleanly where Context.current() is never the same object twice. */
class AgentLikeContextStorageTest {

    @Test
    void spans_opened_by_hand_close_cleanly_under_an_agent_like_context_storage() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), AgentLikeContextStorageMain.class.getName())
                .redirectErrorStream(true)
                .start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains(
                        "misuses=0",
                        "current-after-close=false",
                        "traces=2",
                        "by_hand       (agent)\n  └── nested  (tool)");
    }
}

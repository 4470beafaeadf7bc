package ai.avaliar.examples;

import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
import static org.assertj.core.api.Assertions.assertThat;

import ai.avaliar.junit5.CaptureTraces;
import ai.avaliar.junit5.CapturedTraces;
import ai.avaliar.recording.AvaliarRecording;
import ai.avaliar.recording.ProviderEndpoints;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CaptureTraces
@AvaliarRecording(cassette = "{class}/{method}.handwritten.json", failOnUnusedInteractions = true)
class DatabasePipelineTest implements ExampleTest {

    private static final List<String> JAVA_FACTS =
            List.of("Java was released in 1995", "Java runs on the JVM", "Kotlin and Scala also run on the JVM");
    private static final String ANSWER =
            "Java was released in 1995 and runs on the JVM, which also hosts Kotlin and Scala.";

    private final JdbcDataSource database = new JdbcDataSource();
    private Connection keepAlive;

    @BeforeEach
    void createTheDatabase() throws SQLException {
        database.setURL("jdbc:h2:mem:facts-" + UUID.randomUUID());
        keepAlive = database.getConnection(); // an in-memory database lives while a connection is open
        try (Statement sql = keepAlive.createStatement()) {
            sql.execute("CREATE TABLE facts (id INT AUTO_INCREMENT PRIMARY KEY, topic VARCHAR(40), fact VARCHAR(200))");
            for (String fact : JAVA_FACTS) {
                sql.execute("INSERT INTO facts (topic, fact) VALUES ('java', '" + fact + "')");
            }
            sql.execute("INSERT INTO facts (topic, fact) VALUES ('python', 'Python was released in 1991')");
        }
    }

    @AfterEach
    void dropTheDatabase() throws SQLException {
        keepAlive.close();
    }

    @Test
    void a_blocking_tool_reads_the_database_then_the_model_answers(ProviderEndpoints endpoints, CapturedTraces traces)
            throws SQLException {
        DatabasePipeline pipeline = new DatabasePipeline(database, Clients.openai(endpoints));

        String answer = pipeline.runPipeline("java");

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape("""
                        run_pipeline  (agent)
                          ├── fetch_from_db  (tool)
                          └── generate_sync  (llm)
                        """)
                .hasToolCallsInOrder("fetch_from_db")
                .child("fetch_from_db")
                .hasInput("topic", "java")
                .hasOutput("[\"" + String.join("\",\"", JAVA_FACTS) + "\"]")
                .backToTrace()
                .child("generate_sync")
                .hasInput("facts", JAVA_FACTS)
                .hasOutput(answer);
        assertRanOneAfterTheOther(
                trace.span("run_pipeline/fetch_from_db").orElseThrow(),
                trace.span("run_pipeline/generate_sync").orElseThrow());
        if (Recording.replaying()) { // the recorded conversation
            assertThat(answer).isEqualTo(ANSWER);
            assertThatTrace(trace).child("generate_sync").hasInputTokens(41).hasOutputTokens(20);
        }
    }

    @Test
    void sync_and_async_spans_mix_in_one_tree(ProviderEndpoints endpoints, CapturedTraces traces) throws Exception {
        DatabasePipeline pipeline = new DatabasePipeline(database, Clients.openai(endpoints));

        String answer = pipeline.runPipelineAsync("java").get(10, TimeUnit.SECONDS);

        Trace trace = traces.single();
        assertThatTrace(trace)
                .hasShape("""
                        run_pipeline_async  (agent)   ─ async
                          ├── fetch_from_db   (tool)    ─ sync
                          └── generate_async  (llm)     ─ async
                        """)
                .hasNoErrors()
                .root()
                .hasOutput(answer)
                .child("generate_async")
                .hasInput("facts", JAVA_FACTS)
                .hasOutput(answer);
        assertRanOneAfterTheOther(
                trace.span("run_pipeline_async/fetch_from_db").orElseThrow(),
                trace.span("run_pipeline_async/generate_async").orElseThrow());
        // the async agent ends only when its async llm call has ended
        assertThat(trace.root().endEpochNanos())
                .isGreaterThanOrEqualTo(trace.span("run_pipeline_async/generate_async")
                        .orElseThrow()
                        .endEpochNanos());
        if (Recording.replaying()) { // the recorded conversation
            assertThat(answer).isEqualTo(ANSWER);
            assertThatTrace(trace).child("generate_async").hasInputTokens(41).hasOutputTokens(20);
        }
    }

    private static void assertRanOneAfterTheOther(CapturedSpan first, CapturedSpan second) {
        assertThat(first.endEpochNanos())
                .as("<%s> ended before <%s> started", first.name(), second.name())
                .isLessThanOrEqualTo(second.startEpochNanos());
    }
}

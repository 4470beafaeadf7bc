package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The guide's synchronous code: a tool reads facts from a database with plain JDBC, then the model
 * answers from them. {@link #runPipelineAsync} is the same pipeline with an async agent and an
 * async llm call around the same blocking tool: sync and async spans in one tree.
 *
 * <pre>{@code
 * DatabasePipeline pipeline = new DatabasePipeline(dataSource, openai);
 * String answer = pipeline.runPipeline("java");
 * // run_pipeline (agent)
 * //   ├── fetch_from_db (tool)
 * //   └── generate_sync (llm)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DatabasePipeline {

    private final DataSource database;
    private final OpenAIClient openai;

    /**
     * @param database holds a table {@code facts(topic, fact)}
     * @param openai the OpenAI client
     */
    public DatabasePipeline(DataSource database, OpenAIClient openai) {
        this.database = database;
        this.openai = openai;
    }

    /**
     * Answers a question about a topic from the facts stored on it, blocking.
     *
     * @param topic the topic, also the question
     * @return the answer
     * @throws SQLException when the database fails
     */
    public String runPipeline(String topic) throws SQLException {
        return Avaliar.agent("run_pipeline").input("topic", topic).call(() -> {
            List<String> facts = fetchFromDb(topic);
            return Avaliar.llm("generate_sync")
                    .model("gpt-4o")
                    .provider("openai")
                    .input("facts", facts)
                    .call(run -> {
                        ChatCompletion completion = openai.chat().completions().create(params(topic, facts));
                        run.usageFrom(completion);
                        return completion.choices().get(0).message().content().orElse("");
                    });
        });
    }

    /**
     * The same pipeline without waiting for the model: the agent and the llm call are async,
     * the database tool stays blocking and runs on the caller's thread before the request.
     *
     * @param topic the topic, also the question
     * @return the answer, later
     */
    public CompletableFuture<String> runPipelineAsync(String topic) {
        return Avaliar.agent("run_pipeline_async").input("topic", topic).callAsync(() -> {
            List<String> facts = fetchFromDb(topic); // sync span inside an async one
            return Avaliar.llm("generate_async")
                    .model("gpt-4o")
                    .provider("openai")
                    .input("facts", facts)
                    .callAsync(run -> openai.async()
                            .chat()
                            .completions()
                            .create(params(topic, facts))
                            .thenApply(completion -> {
                                run.usageFrom(completion);
                                return completion
                                        .choices()
                                        .get(0)
                                        .message()
                                        .content()
                                        .orElse("");
                            }));
        });
    }

    private List<String> fetchFromDb(String topic) throws SQLException {
        String sql = "SELECT fact FROM facts WHERE topic = ? ORDER BY id";
        return Avaliar.tool("fetch_from_db")
                .input("query", sql)
                .input("topic", topic)
                .call(() -> {
                    try (Connection connection = database.getConnection();
                            PreparedStatement query = connection.prepareStatement(sql)) {
                        query.setString(1, topic);
                        List<String> facts = new ArrayList<>();
                        try (ResultSet rows = query.executeQuery()) {
                            while (rows.next()) {
                                facts.add(rows.getString(1));
                            }
                        }
                        return facts;
                    }
                });
    }

    private static ChatCompletionCreateParams params(String topic, List<String> facts) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addSystemMessage("Context: " + String.join("; ", facts))
                .addUserMessage("What do you know about " + topic + "?")
                .build();
    }
}

package ai.avaliar.junit5.report.baseline;

import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An earlier run's {@code traces.jsonl} ({@code avaliar.report.baseline}), read into each test's
 * {@link TestFigures}: one pass over the file, one line in memory at a time.
 *
 * <pre>{@code
 * Optional<Baseline> main = Baseline.read(Path.of("baseline/traces.jsonl"));   // empty when the file is absent
 * }</pre>
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Baseline {

    /** The setting that names the baseline. */
    public static final String SETTING = "avaliar.report.baseline";

    static final String FIX = "Give avaliar.report.baseline the traces.jsonl that avaliar-junit5 wrote in an earlier"
            + " run (target/avaliar/traces.jsonl), whole, or leave the setting out.";

    private final Path file;
    private final Map<String, TestFigures> tests;
    private final Map<String, String> names;

    private Baseline(Path file, Map<String, TestFigures> tests, Map<String, String> names) {
        this.file = file;
        this.tests = tests;
        this.names = names;
    }

    /**
     * Reads a baseline.
     *
     * @param file the earlier run's {@code traces.jsonl}
     * @return the baseline, or empty when there is no such file
     * @throws IllegalArgumentException naming the file and the line, when it is not one
     */
    public static Optional<Baseline> read(Path file) {
        // A test's lines are together in the file: its figures are made when the next test starts, so
        // only one test's traces are in memory at a time.
        Map<String, TestFigures> tests = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        String testId = null;
        List<JsonNode> pending = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = TraceJson.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw wrong(
                            file,
                            number,
                            "is not JSON (" + e.getOriginalMessage()
                                    + (reader.ready() ? ")" : "; the file may have been cut short)"));
                }
                if (!node.isObject()
                        || !node.path("testId").isTextual()
                        || !node.path("spans").isArray()) {
                    throw wrong(
                            file,
                            number,
                            "is not a line of Avaliar's traces.jsonl: it needs a \"testId\" and a"
                                    + " \"spans\" array (a file of another tool, or of another version of avaliar-junit5?)");
                }
                String id = node.get("testId").asText();
                if (!id.equals(testId)) {
                    flush(testId, pending, tests);
                    testId = id;
                }
                names.putIfAbsent(id, node.path("path").asText(id));
                if (node.get("spans").size() > 0) {
                    pending.add(node);
                }
            }
            flush(testId, pending, tests);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The baseline " + file + " is not UTF-8 text. " + FIX, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the baseline " + file + ": " + e + ". " + FIX, e);
        }
        return Optional.of(new Baseline(file, tests, names));
    }

    private static void flush(String testId, List<JsonNode> pending, Map<String, TestFigures> tests) {
        if (testId != null) {
            tests.merge(testId, TestFigures.of(pending), TestFigures::plus);
        }
        pending.clear();
    }

    /**
     * The file a setting names: {@code {module}} in it stands for the working directory's name (the
     * module, under Surefire), so one setting serves every module of a build.
     *
     * @param setting the value of {@code avaliar.report.baseline}
     * @return the path
     */
    public static Path file(String setting) {
        return Paths.get(setting.trim()
                .replace(
                        "{module}",
                        String.valueOf(Paths.get("").toAbsolutePath().getFileName())));
    }

    /**
     * Input plus output tokens of every test's llm calls.
     *
     * @return the total
     */
    public long totalTokens() {
        return tests.values().stream().mapToLong(TestFigures::tokens).sum();
    }

    /**
     * The cost of every test's llm calls.
     *
     * @return the total in US dollars
     */
    public double totalCostUsd() {
        return tests.values().stream().mapToDouble(TestFigures::costUsd).sum();
    }

    private static IllegalArgumentException wrong(Path file, int line, String what) {
        return new IllegalArgumentException("The baseline " + file + ", line " + line + ", " + what + ". " + FIX);
    }

    /**
     * The file read.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Each test's figures, by test id, in the file's order.
     *
     * @return the figures
     */
    public Map<String, TestFigures> tests() {
        return tests;
    }

    /**
     * A test's name as the baseline's report gave it.
     *
     * @param testId the test id
     * @return the path of display names, or the id
     */
    public String name(String testId) {
        return names.getOrDefault(testId, testId);
    }
}

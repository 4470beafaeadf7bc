package ai.avaliar.junit5.allure;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.junit5.internal.TraceJson;
import ai.avaliar.junit5.report.TestRunReport;
import ai.avaliar.trace.data.CapturedSpan;
import ai.avaliar.trace.data.Trace;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** The part that uses Allure's classes, loaded only when {@link AllureTraces#ON_CLASS_PATH}. */
final class AllureAttachments {

    /** The label with the JUnit unique id that Allure's JUnit Platform integration gives each result. */
    private static final String UNIQUE_ID = "junit.platform.uniqueid";

    private AllureAttachments() {}

    static int attach(String testId, List<Trace> traces) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        Optional<String> current = lifecycle.getCurrentTestCase();
        if (current.isEmpty() || !isTest(lifecycle, current.get(), testId)) {
            // Allure runs no test here (its JUnit integration is missing), or another one: the test that
            // ran this test's class through the JUnit launcher or EngineTestKit, whose result this is not.
            return 0;
        }
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            String name = "Avaliar trace" + (traces.size() > 1 ? " " + (i + 1) + " of " + traces.size() : "") + ": "
                    + trace.root().name();
            lifecycle.addAttachment(name, "text/plain", "txt", trace.render().getBytes(StandardCharsets.UTF_8));
            lifecycle.addAttachment(name + " (JSON)", "application/json", "json", json(trace));
            lifecycle.addAttachment(
                    name + " (HTML)", "text/html", "html", html(trace).getBytes(StandardCharsets.UTF_8));
        }
        return traces.size();
    }

    /** Whether Allure's current result is of the JUnit test {@code testId} (its integration records the unique id). */
    private static boolean isTest(AllureLifecycle lifecycle, String uuid, String testId) {
        AtomicBoolean same = new AtomicBoolean();
        lifecycle.updateTestCase(
                uuid,
                result -> same.set(testId.equals(result.getTestCaseId())
                        || result.getLabels().stream()
                                .anyMatch(label ->
                                        UNIQUE_ID.equals(label.getName()) && testId.equals(label.getValue()))));
        return same.get();
    }

    private static byte[] json(Trace trace) {
        try {
            return TraceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(TraceJson.trace(trace));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trace always serialises", e);
        }
    }

    /** A static page: the tree, each span's details folded under it; every value escaped, no script. */
    static String html(Trace trace) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                        + "<style>body{font:13px system-ui,sans-serif;margin:8px}ul{list-style:none;padding-left:18px}"
                        + "summary{cursor:pointer}.t{font-size:11px;color:#fff;background:#57606a;border-radius:3px;padding:0 4px}"
                        + ".llm{background:#bf3989}.tool{background:#0969da}.agent{background:#6f42c1}.err{color:#cf222e}"
                        + "pre{white-space:pre-wrap;background:#f3f5f9;padding:4px;margin:2px 0}dt{color:#5b6475}</style>"
                        + "</head><body><div>Trace ")
                .append(escape(trace.traceId()))
                .append("</div><ul>");
        for (CapturedSpan root : trace.roots()) {
            span(html, root);
        }
        return html.append("</ul></body></html>").toString();
    }

    private static void span(StringBuilder html, CapturedSpan span) {
        html.append("<li><details><summary><b>")
                .append(escape(span.name()))
                .append("</b> <span class=\"t ")
                .append(span.type().wireName())
                .append("\">")
                .append(span.type().wireName())
                .append("</span> ")
                .append(TestRunReport.millis(span.duration().toNanos() / 1e6));
        span.model().ifPresent(model -> html.append(" · ").append(escape(model)));
        if (span.inputTokens().isPresent() || span.outputTokens().isPresent()) {
            html.append(" · ")
                    .append(span.inputTokens().orElse(0))
                    .append(" in / ")
                    .append(span.outputTokens().orElse(0))
                    .append(" out");
        }
        span.costUsd().ifPresent(cost -> html.append(" · $").append(TestRunReport.cost(cost)));
        if (span.isError()) {
            html.append(" <span class=\"err\">error</span>");
        }
        html.append("</summary><dl>");
        field(html, "provider", span.provider().orElse(null));
        field(
                html,
                "generation info",
                span.generationInfo().isEmpty() ? null : span.generationInfo().toString());
        field(html, "inputs", span.inputJson());
        field(html, "output", span.output());
        Map<String, Object> metadata = span.metadata();
        field(html, "metadata", metadata.isEmpty() ? null : metadata.toString());
        field(html, "detections", span.detections().isEmpty() ? null : detections(span));
        field(html, "error", span.errorMessage().orElse(null));
        html.append("</dl></details>");
        if (!span.children().isEmpty()) {
            html.append("<ul>");
            for (CapturedSpan child : span.children()) {
                span(html, child);
            }
            html.append("</ul>");
        }
        html.append("</li>");
    }

    private static String detections(CapturedSpan span) {
        StringBuilder text = new StringBuilder();
        for (DetectionResult result : span.detections()) {
            text.append(result.detector())
                    .append(": ")
                    .append(result.status())
                    .append(" (")
                    .append(result.mode())
                    .append(')')
                    .append(result.reason().isEmpty() ? "" : ", " + result.reason())
                    .append('\n');
            for (DetectionIssue issue : result.issues()) {
                text.append("  ")
                        .append(issue.severity())
                        .append(' ')
                        .append(issue.category())
                        .append(" score ")
                        .append(issue.score())
                        .append(": ")
                        .append(issue.message())
                        .append('\n');
            }
        }
        return text.toString().strip();
    }

    private static void field(StringBuilder html, String label, String value) {
        if (value != null) {
            html.append("<dt>")
                    .append(label)
                    .append("</dt><dd><pre>")
                    .append(escape(value))
                    .append("</pre></dd>");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

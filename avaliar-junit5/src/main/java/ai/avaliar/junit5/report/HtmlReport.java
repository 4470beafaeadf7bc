package ai.avaliar.junit5.report;

import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The report page: one self-contained HTML file (its CSS and script inline, no request to any
 * server, forbidden by its Content-Security-Policy) with the run's data as JSON in a
 * {@code <script type="application/json">} element, which the page's script renders as text.
 */
final class HtmlReport {

    private static final String TEMPLATE = resource("report.html");
    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");

    /** Nothing but the page's own inline style and script, and no way to send anything anywhere. */
    static final String CSP = "default-src 'none'; script-src '" + sha256(JS) + "'; style-src '" + sha256(CSS)
            + "'; img-src data:; base-uri 'none'; form-action 'none'";

    private HtmlReport() {}

    static void write(TestRunReport report, Writer writer) throws IOException {
        writer.write(page(report.data()));
    }

    static String page(JsonNode data) throws JsonProcessingException {
        String json = scriptSafe(TraceJson.MAPPER.writeValueAsString(data));
        // Each placeholder is filled once, in this order, so nothing inserted is read as a placeholder.
        int csp = TEMPLATE.indexOf("{{CSP}}");
        int css = TEMPLATE.indexOf("{{CSS}}");
        int dataAt = TEMPLATE.indexOf("{{DATA}}");
        int js = TEMPLATE.indexOf("{{JS}}");
        return TEMPLATE.substring(0, csp)
                + CSP
                + TEMPLATE.substring(csp + 7, css)
                + CSS
                + TEMPLATE.substring(css + 7, dataAt)
                + json
                + TEMPLATE.substring(dataAt + 8, js)
                + JS
                + TEMPLATE.substring(js + 6);
    }

    /**
     * JSON that cannot end or break out of the script element holding it: {@code <}, {@code >} and
     * {@code &} become {@code \u003c}, {@code \u003e} and {@code \u0026}, and the line separators
     * U+2028 and U+2029 are escaped too. JSON has these characters only inside strings, where the
     * escapes mean the same.
     */
    static String scriptSafe(String json) {
        StringBuilder safe = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> safe.append("\\u003c");
                case '>' -> safe.append("\\u003e");
                case '&' -> safe.append("\\u0026");
                case '\u2028' -> safe.append("\\u2028");
                case '\u2029' -> safe.append("\\u2029");
                default -> safe.append(c);
            }
        }
        return safe.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("avaliar-junit5 is missing its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package ai.avaliar.junit5.report;

import ai.avaliar.junit5.internal.TraceJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
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
        write(report.data(), writer);
    }

    /**
     * Writes the page with {@code data} streamed into it: the page's JSON is never held whole in
     * memory, so a report of many traces needs little more heap than its data.
     */
    static void write(JsonNode data, Writer writer) throws IOException {
        // Each placeholder is filled once, in this order, so nothing inserted is read as a placeholder.
        int csp = TEMPLATE.indexOf("{{CSP}}");
        int css = TEMPLATE.indexOf("{{CSS}}");
        int dataAt = TEMPLATE.indexOf("{{DATA}}");
        int js = TEMPLATE.indexOf("{{JS}}");
        writer.write(TEMPLATE, 0, csp);
        writer.write(CSP);
        writer.write(TEMPLATE, csp + 7, css - (csp + 7));
        writer.write(CSS);
        writer.write(TEMPLATE, css + 7, dataAt - (css + 7));
        TraceJson.MAPPER.writeValue(new ScriptSafeWriter(writer), data); // the mapper leaves the writer open
        writer.write(TEMPLATE, dataAt + 8, js - (dataAt + 8));
        writer.write(JS);
        writer.write(TEMPLATE, js + 6, TEMPLATE.length() - (js + 6));
    }

    static String page(JsonNode data) throws IOException {
        StringWriter page = new StringWriter();
        write(data, page);
        return page.toString();
    }

    /** {@code json} as {@link ScriptSafeWriter} writes it. */
    static String scriptSafe(String json) {
        StringWriter safe = new StringWriter(json.length() + 64);
        try (Writer out = new ScriptSafeWriter(safe)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return safe.toString();
    }

    /**
     * Writes JSON that cannot end or break out of the script element holding it: {@code <}, {@code >}
     * and {@code &} become {@code \u003c}, {@code \u003e} and {@code \u0026}, and the line
     * separators U+2028 and U+2029 are escaped too. JSON has these characters only inside strings,
     * where the escapes mean the same.
     */
    private static final class ScriptSafeWriter extends FilterWriter {

        ScriptSafeWriter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            switch (c) {
                case '<' -> out.write("\\u003c");
                case '>' -> out.write("\\u003e");
                case '&' -> out.write("\\u0026");
                case '\u2028' -> out.write("\\u2028");
                case '\u2029' -> out.write("\\u2029");
                default -> out.write(c);
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                char c = chars[i];
                if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                    out.write(chars, start, i - start);
                    write(c);
                    start = i + 1;
                }
            }
            out.write(chars, start, end - start);
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            write(text.toCharArray(), offset, length); // only scriptSafe(String) writes strings
        }

        @Override
        public void close() throws IOException {
            flush(); // the page's writer is its owner's to close
        }
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

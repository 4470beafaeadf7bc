package ai.avaliar.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Header maps with lower-case names in a stable (sorted) order. */
final class Headers {

    /** Hop-by-hop and framing headers: they describe one transfer, not the exchange. */
    static final Set<String> FRAMING = Set.of(
            "connection",
            "content-length",
            "transfer-encoding",
            "content-encoding",
            "keep-alive",
            "host",
            "upgrade",
            "expect",
            "te",
            "trailer",
            "accept-encoding",
            "proxy-connection");

    private Headers() {}

    static TreeMap<String, List<String>> of() {
        return new TreeMap<>();
    }

    static void add(Map<String, List<String>> headers, String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(value);
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A copy without framing headers. */
    static TreeMap<String, List<String>> withoutFraming(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = of();
        headers.forEach((name, values) -> {
            if (!FRAMING.contains(name)) {
                copy.put(name, new ArrayList<>(values));
            }
        });
        return copy;
    }
}

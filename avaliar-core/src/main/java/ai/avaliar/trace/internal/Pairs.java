package ai.avaliar.trace.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Named values a builder collects (inputs, metadata, generation info): an array of key-value
 * pairs in insertion order, a later value replacing an earlier one of the same key. Cheaper than
 * a map for the few entries a span has, which matters when tracing is off.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class Pairs {

    private Object[] entries = new Object[2]; // most builders get one input, or one parameter
    private int size;

    public void put(String key, Object value) {
        for (int i = 0; i < size; i += 2) {
            if (entries[i].equals(key)) {
                entries[i + 1] = value;
                return;
            }
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = key;
        entries[size++] = value;
    }

    public int size() {
        return size / 2;
    }

    public String key(int index) {
        return (String) entries[index * 2];
    }

    public Object value(int index) {
        return entries[index * 2 + 1];
    }

    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < size; i += 2) {
            action.accept((String) entries[i], entries[i + 1]);
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        forEach(map::put);
        return map;
    }
}

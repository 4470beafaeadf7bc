package ai.avaliar.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the traced iterator promises while asking its source as little as it can. */
class PerfStreamsTest {

    @RegisterExtension
    final Capture capture = new Capture();

    /** Counts how often it is asked, and whether an Avaliar span is current each time. */
    static final class Source implements Iterator<String> {
        final List<String> chunks = new ArrayList<>(List.of("Su", "nny"));
        int hasNextCalls;
        int nextCalls;
        final List<Boolean> spanCurrent = new ArrayList<>();

        @Override
        public boolean hasNext() {
            hasNextCalls++;
            spanCurrent.add(Avaliar.currentRun().isPresent());
            return !chunks.isEmpty();
        }

        @Override
        public String next() {
            nextCalls++;
            spanCurrent.add(Avaliar.currentRun().isPresent());
            return chunks.remove(0);
        }
    }

    @Test
    void the_source_is_asked_once_per_chunk_with_the_span_current_and_the_consumer_runs_outside_it() {
        Source source = new Source();
        List<Boolean> consumerSawSpan = new ArrayList<>();
        StringBuilder text = new StringBuilder();

        for (String chunk : Avaliar.llm("story").iterate(() -> source)) {
            consumerSawSpan.add(Avaliar.currentRun().isPresent());
            text.append(chunk);
        }

        assertThat(text).hasToString("Sunny");
        assertThat(source.hasNextCalls).as("two chunks and the end").isEqualTo(3);
        assertThat(source.nextCalls).isEqualTo(2);
        assertThat(source.spanCurrent).containsOnly(true);
        assertThat(consumerSawSpan).containsExactly(false, false);
        assertThat(capture.trace().root().output()).isEqualTo("Sunny");
    }

    @Test
    void asking_has_next_twice_asks_the_source_once_and_next_alone_still_works() {
        Source source = new Source();
        TracedIterator<String> chunks = Avaliar.llm("story").iterate(() -> source);

        assertThat(chunks.hasNext()).isTrue();
        assertThat(chunks.hasNext()).isTrue();
        assertThat(source.hasNextCalls).isEqualTo(1);
        assertThat(chunks.next()).isEqualTo("Su");
        assertThat(chunks.next()).as("next without hasNext").isEqualTo("nny");
        assertThat(source.hasNextCalls).isEqualTo(2);
        assertThatThrownBy(chunks::next).isInstanceOf(NoSuchElementException.class);
        assertThat(capture.trace().root().output()).isEqualTo("Sunny");
    }
}

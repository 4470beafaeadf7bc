package ai.avaliar.recording;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The recorded interactions of one test, in the order they happened, with metadata. */
record Cassette(ObjectNode metadata, List<Interaction> interactions) {}

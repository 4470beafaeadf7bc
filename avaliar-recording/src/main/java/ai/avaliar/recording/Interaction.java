package ai.avaliar.recording;

/** One recorded exchange, with when it was recorded, the client that sent it and a request hash. */
record Interaction(
        RecordedRequest request, RecordedResponse response, String recordedAt, String client, String requestHash) {}

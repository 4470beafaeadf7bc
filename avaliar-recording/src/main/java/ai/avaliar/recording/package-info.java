/**
 * Record and replay of LLM provider traffic on WireMock, for deterministic, offline JUnit 5
 * tests that use the real provider clients.
 *
 * <p>Annotate a test with {@link ai.avaliar.recording.AvaliarRecording}, take a {@link
 * ai.avaliar.recording.ProviderEndpoints} parameter, and point the client at it. Record once
 * with {@code -Davaliar.recording.mode=RECORD} and the real API key; afterwards the test
 * replays its cassette ({@code src/test/resources/cassettes/<TestClass>/<method>.json}) and
 * never touches the network.
 *
 * <pre>{@code
 * @AvaliarRecording
 * class CapitalsTest {
 *   @Test
 *   void knows_the_capital_of_france(ProviderEndpoints endpoints) {
 *     OpenAIClient client = OpenAIOkHttpClient.builder()
 *         .baseUrl(endpoints.openai())
 *         .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "replayed"))
 *         .build();
 *     ChatCompletion completion = client.chat().completions().create(
 *         ChatCompletionCreateParams.builder()
 *             .model("gpt-4o-mini")
 *             .addUserMessage("What is the capital of France?")
 *             .build());
 *     assertThat(completion.choices().get(0).message().content()).hasValue("Paris.");
 *   }
 * }
 * }</pre>
 */
package ai.avaliar.recording;

/**
 * AssertJ assertions on captured Avaliar traces: the tree and its shape, span types, inputs and
 * outputs, models, providers, tokens, cost, errors, latency, concurrency and detection results.
 * Failure messages render the actual tree like the pictures of Avaliar's guide, with the node in
 * question marked.
 *
 * <pre>{@code
 * import static ai.avaliar.assertions.AvaliarAssertions.assertThatTrace;
 *
 * assertThatTrace(trace)
 *     .hasShapeInAnyOrder("""
 *         morning_briefing  (agent)
 *           ├── fetch_weather  (tool)
 *           ├── fetch_news     (tool)
 *           └── synthesize     (llm)
 *         """)
 *     .childrenRanConcurrently("fetch_weather", "fetch_news")
 *     .child("synthesize").hasModel("gpt-4o").hasProvider("openai").hasGenerationInfo("temperature", 0.2);
 * }</pre>
 */
package ai.avaliar.assertions;

/**
 * Failure messages of Avaliar's assertions, one small factory per kind of failure, each
 * followed by the actual trace rendered like the pictures of Avaliar's guide.
 *
 * <pre>{@code
 * throwAssertionError(ShouldHaveChild.shouldHaveChild("morning_briefing", "synth", children, tree));
 * }</pre>
 */
package ai.avaliar.assertions.error;

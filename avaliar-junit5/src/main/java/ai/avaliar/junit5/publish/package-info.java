/**
 * Publishing a test run: its traces as OTLP/HTTP and a small JSON run record, sent to
 * {@code AVALIAR_ENDPOINT} with {@code AVALIAR_API_KEY}; what cannot be sent is kept in a spool on
 * disk and sent by the next run. The wire format is in {@code docs/publishing.md}.
 *
 * <pre>{@code
 * AVALIAR_API_KEY=avl_... AVALIAR_ENDPOINT=https://... mvn test
 * }</pre>
 *
 * <p>This package is internal and is hence not for public use.
 */
package ai.avaliar.junit5.publish;

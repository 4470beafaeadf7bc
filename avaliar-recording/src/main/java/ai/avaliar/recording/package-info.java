/**
 * Record and replay of LLM provider traffic on WireMock.
 */
package ai.avaliar.recording;

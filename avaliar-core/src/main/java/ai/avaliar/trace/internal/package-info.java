/**
 * Avaliar's own plumbing, shared by its modules: JSON writing and reading, durations, HTTP
 * retries, thread naming. Public only so the other Avaliar modules can use it.
 *
 * <p>This package is internal and is hence not for public use. Its APIs are unstable and can
 * change at any time.
 */
package ai.avaliar.trace.internal;

/**
 * What the extension, the report and publishing share: configuration parameters, the run's
 * environment, the run-wide sink of test spans and the JSON form of a trace.
 *
 * <p>This package is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
package ai.avaliar.junit5.internal;

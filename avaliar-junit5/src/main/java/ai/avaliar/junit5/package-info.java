/**
 * The JUnit 5 extension that captures each test's own Avaliar traces.
 */
package ai.avaliar.junit5;

/**
 * Each test's traces as Allure attachments (the tree as text, JSON and HTML), when Allure's JUnit 5
 * integration is on the class path and {@code avaliar.allure} is not {@code false}.
 *
 * <pre>{@code
 * <dependency><groupId>io.qameta.allure</groupId><artifactId>allure-junit5</artifactId></dependency>
 * }</pre>
 *
 * <p>This package is internal and is hence not for public use.
 */
package ai.avaliar.junit5.allure;

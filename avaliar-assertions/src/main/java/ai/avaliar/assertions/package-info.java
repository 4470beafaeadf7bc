/**
 * AssertJ assertions on captured Avaliar traces.
 */
package ai.avaliar.assertions;

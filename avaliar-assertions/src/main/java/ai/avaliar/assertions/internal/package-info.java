/**
 * Helpers shared by the assertion packages. This package is internal and is hence not for public
 * use; its APIs are unstable and can change at any time.
 */
package ai.avaliar.assertions.internal;

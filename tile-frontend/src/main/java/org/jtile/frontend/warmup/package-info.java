/**
 * The request path run hot before the frontend listens, so a just-started JVM does not make its first
 * clients wait for the JIT.
 */
package org.jtile.frontend.warmup;

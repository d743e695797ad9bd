/**
 * Benchmarks, never run by the tests: JMH micro-benchmarks ({@code bench/jmh.sh}) and load programs
 * ({@code bench/run.sh CLASS}) whose dated figures go to {@code docs/performance/}.
 */
package org.jtile.bench;

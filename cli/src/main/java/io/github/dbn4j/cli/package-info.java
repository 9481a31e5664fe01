/** The {@code dbn4j} command-line program (picocli): backends listing, benchmarks, and later training. */
package io.github.dbn4j.cli;

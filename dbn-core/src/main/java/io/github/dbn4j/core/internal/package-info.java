/**
 * Not part of the API: helpers that the algorithm packages share (scratch matrices, cost sums,
 * label and data checks, parameter copies). They depend on the SPI alone and may change in any
 * release; a program should not call them.
 */
package io.github.dbn4j.core.internal;

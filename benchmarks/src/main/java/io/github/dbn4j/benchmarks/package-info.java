/**
 * JMH benchmarks of dbn4j: GEMM shapes, one CD-1 update, one back-propagation batch, per backend
 * and precision. Never run by CI. Build with {@code mvn -B package -pl benchmarks -am -DskipTests}
 * and run {@code java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)
 * org.openjdk.jmh.Main Cd1Batch -p backend=nd4j -p precision=FLOAT32 -prof gc}.
 */
package io.github.dbn4j.benchmarks;

package io.github.dbn4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkDataTest {

    static final SparkSession SPARK = LocalSpark.session();

    static StructType schema(org.apache.spark.sql.types.DataType features) {
        return new StructType().add("pixels", features).add("digit", DataTypes.IntegerType);
    }

    @Test
    void arraysOfDoublesOrFloatsAndVectorsBecomeCases() {
        Dataset<Row> doubles = SPARK.createDataFrame(List.of(
                RowFactory.create(new double[] {0.0, 0.5, 1.0}, 3),
                RowFactory.create(new double[] {1.0, 0.25, 0.0}, 7)),
                schema(DataTypes.createArrayType(DataTypes.DoubleType)));
        List<Case> a = SparkData.of(doubles, "pixels", "digit").collect();
        assertThat(a.get(0).values()).containsExactly(0.0, 0.5, 1.0);
        assertThat(a.get(1).label()).isEqualTo(7);

        Dataset<Row> floats = SPARK.createDataFrame(List.of(RowFactory.create(new float[] {0.5f, 0.75f}, 1)),
                schema(DataTypes.createArrayType(DataTypes.FloatType)));
        assertThat(SparkData.of(floats, "pixels", null).collect().get(0).values()).containsExactly(0.5, 0.75);
        assertThat(SparkData.of(floats, "pixels", null).collect().get(0).label()).isEqualTo(Case.NO_LABEL);

        Dataset<Row> vectors = SPARK.createDataFrame(List.of(
                RowFactory.create(Vectors.sparse(4, new int[] {1}, new double[] {0.5}), 2)), schema(new VectorUDT()));
        Case v = SparkData.of(vectors, "pixels", "digit").collect().get(0);
        assertThat(v.values()).containsExactly(0.0, 0.5, 0.0, 0.0);
        assertThat(v.label()).isEqualTo(2);
    }

    @Test
    void missingOrUnreadableColumnsAreNamed() {
        Dataset<Row> d = SPARK.createDataFrame(List.of(RowFactory.create(new double[] {0.5}, 1)),
                schema(DataTypes.createArrayType(DataTypes.DoubleType)));
        assertThatThrownBy(() -> SparkData.of(d, "features", null))
                .hasMessageContaining("no features column 'features'").hasMessageContaining("pixels, digit");
        assertThatThrownBy(() -> SparkData.of(d, "pixels", "label"))
                .hasMessageContaining("no label column 'label'");
        Dataset<Row> text = SPARK.createDataFrame(List.of(RowFactory.create("a", 1)),
                new StructType().add("pixels", DataTypes.StringType).add("digit", DataTypes.IntegerType));
        assertThatThrownBy(() -> SparkData.of(text, "pixels", null))
                .hasMessageContaining("is of type string").hasMessageContaining("array of double or float");
    }

    @Test
    void parquetFilesAreReadAndAFractionalLabelIsNamedByTheTrainer(@TempDir Path dir) {
        Dataset<Row> d = SPARK.createDataFrame(List.of(
                RowFactory.create(new double[] {0.0, 1.0}, 1.0), RowFactory.create(new double[] {1.0, 0.0}, 0.5)),
                new StructType().add("x", DataTypes.createArrayType(DataTypes.DoubleType))
                        .add("y", DataTypes.DoubleType));
        String path = dir.resolve("cases.parquet").toUri().toString();
        d.coalesce(1).write().parquet(path);
        List<Case> cases = SparkData.parquet(SPARK, path, "x", "y").collect();
        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).values()).containsExactly(0.0, 1.0);
        assertThat(cases.get(0).label()).isEqualTo(1);
        assertThat(cases.get(1).label()).isEqualTo(Case.NOT_A_CLASS);
        assertThatThrownBy(() -> new SparkTrainer(LocalSpark.context()).pretrain(
                io.github.dbn4j.core.dbn.DbnConfig.of(RbmConfig.defaults(2).withEpochs(1), 2, 2),
                SparkData.parquet(SPARK, path, "x", "y"),
                SparkTrainingOptions.defaults().withBackend("ejml", Precision.FLOAT64)))
                .hasMessageContaining("case 1: a label that is not a whole number");
    }

    @Test
    void imagesHeldByTheDriverArePartitionedInOrderAsParallelizeWould() {
        io.github.dbn4j.core.data.LabelledImages images = io.github.dbn4j.core.data.Mnist.subset().test().head(101);
        List<List<Case>> parts = SparkData.of(LocalSpark.context(), images, 3).glom().collect();
        assertThat(parts).extracting(List::size).containsExactly(33, 34, 34);
        double[] all = images.values(0, 101, io.github.dbn4j.core.data.LabelledImages.Pixels.SCALED, 0);
        Case c = parts.get(1).get(0);
        assertThat(c.values()).containsExactly(java.util.Arrays.copyOfRange(all, 33 * 784, 34 * 784));
        assertThat(c.label()).isEqualTo(images.labels()[33]);
    }

    @Test
    void mnistIdxFilesAreReadFromAHadoopPath(@TempDir Path dir) throws IOException {
        Path images = dir.resolve("images-idx3-ubyte");
        Path labels = dir.resolve("labels-idx1-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(0x803);
            out.writeInt(3);
            out.writeInt(2);
            out.writeInt(2);
            for (int i = 0; i < 12; i++) {
                out.writeByte(i * 20);
            }
        }
        try (OutputStream out = Files.newOutputStream(labels)) {
            out.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 4, 0, 9});
        }
        List<Case> cases = SparkData.mnist(LocalSpark.context(), images.toUri().toString(), labels.toUri().toString(),
                2).collect();
        assertThat(cases).hasSize(3);
        assertThat(cases.get(1).values()).containsExactly(80 / 255.0, 100 / 255.0, 120 / 255.0, 140 / 255.0);
        assertThat(cases.get(2).label()).isEqualTo(9);
        assertThatThrownBy(() -> SparkData.mnist(LocalSpark.context(), dir.resolve("none").toUri().toString(),
                labels.toUri().toString(), 2)).hasMessageContaining("no such file").hasMessageContaining("none");
    }
}

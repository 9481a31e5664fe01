package io.github.dbn4j.spark;

import io.github.dbn4j.core.data.Idx;
import io.github.dbn4j.core.data.LabelledImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Training cases from Spark's data: an RDD of arrays, a {@code Dataset<Row>} with an array or
 * ML-vector column (and an optional label column), Parquet files, or MNIST's IDX files on any
 * Hadoop path. Column names and types are checked on the driver, before any task runs; the values
 * are checked by the trainer's first job.
 */
public final class SparkData {

    private SparkData() {
    }

    /** Unlabelled cases from rows of values. */
    public static JavaRDD<Case> of(JavaRDD<double[]> rows) {
        return rows.map(Case::of);
    }

    /**
     * Cases from a column of arrays (of doubles or floats) or of ML vectors, with labels from an
     * integral column when {@code labelColumn} is not null.
     *
     * @throws IllegalArgumentException naming a missing column (and the columns there are) or a
     *                                  column of a type that cannot be read
     */
    public static JavaRDD<Case> of(Dataset<Row> data, String featuresColumn, String labelColumn) {
        StructType schema = data.schema();
        StructField features = field(schema, featuresColumn, "features");
        DataType type = features.dataType();
        boolean vector = type instanceof VectorUDT;
        boolean floats = false;
        if (!vector) {
            if (!(type instanceof ArrayType a) || !(a.elementType().equals(DataTypes.DoubleType)
                    || a.elementType().equals(DataTypes.FloatType))) {
                throw new IllegalArgumentException("features column '" + featuresColumn + "' is of type "
                        + type.simpleString() + "; it must be an array of double or float, or an ML vector");
            }
            floats = ((ArrayType) type).elementType().equals(DataTypes.FloatType);
        }
        int f = schema.fieldIndex(featuresColumn);
        int l = -1;
        if (labelColumn != null) {
            StructField label = field(schema, labelColumn, "label");
            DataType lt = label.dataType();
            if (!(lt.equals(DataTypes.IntegerType) || lt.equals(DataTypes.LongType) || lt.equals(DataTypes.ShortType)
                    || lt.equals(DataTypes.ByteType) || lt.equals(DataTypes.DoubleType))) {
                throw new IllegalArgumentException("label column '" + labelColumn + "' is of type " + lt.simpleString()
                        + "; it must hold integral class numbers (int, long, short, byte, or whole doubles)");
            }
            l = schema.fieldIndex(labelColumn);
        }
        boolean isVector = vector;
        boolean isFloat = floats;
        int li = l;
        return data.toJavaRDD().map(row -> new Case(values(row, f, isVector, isFloat), label(row, li)));
    }

    /** Cases from Parquet files (any Hadoop path), as {@link #of(Dataset, String, String)} reads them. */
    public static JavaRDD<Case> parquet(SparkSession spark, String path, String featuresColumn, String labelColumn) {
        return of(spark.read().parquet(path), featuresColumn, labelColumn);
    }

    /**
     * MNIST's IDX images (pixels / 255) and labels from any Hadoop path (plain or gzip), in
     * {@code partitions} partitions. The files are read by the driver: an IDX file is one stream of
     * at most {@link Idx#MAX_BYTES} bytes.
     *
     * @throws IllegalArgumentException for files that do not match (counts, shapes)
     */
    public static JavaRDD<Case> mnist(JavaSparkContext sc, String images, String labels, int partitions) {
        return of(sc, readMnist(sc.hadoopConfiguration(), images, labels), partitions);
    }

    /**
     * Labelled images held by the driver as {@code partitions} partitions of consecutive cases
     * (pixels / 255). The images are broadcast once, as bytes where they are bytes, and each task
     * makes its cases from them, so a task carries only its range, not its cases.
     */
    public static JavaRDD<Case> of(JavaSparkContext sc, LabelledImages images, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        int n = images.count();
        int width = images.width();
        Broadcast<byte[]> bytes = images.images() != null ? sc.broadcast(images.images().pixels()) : null;
        Broadcast<double[]> reals = bytes == null
                ? sc.broadcast(images.values(0, n, LabelledImages.Pixels.SCALED, 0)) : null;
        Broadcast<int[]> labels = sc.broadcast(images.labels());
        List<Integer> slices = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            slices.add(i);
        }
        return sc.parallelize(slices, partitions).flatMap(i -> {
            int from = (int) ((long) i * n / partitions);
            int to = (int) ((long) (i + 1) * n / partitions);
            List<Case> cases = new ArrayList<>(to - from);
            for (int r = from; r < to; r++) {
                double[] v = new double[width];
                if (bytes != null) {
                    byte[] px = bytes.value();
                    for (int k = 0; k < width; k++) {
                        v[k] = (px[r * width + k] & 0xff) / 255.0;
                    }
                } else {
                    System.arraycopy(reals.value(), r * width, v, 0, width);
                }
                cases.add(new Case(v, labels.value()[r]));
            }
            return cases.iterator();
        });
    }

    /** Labelled images held by the driver as cases (pixels / 255), for validation sets. */
    public static List<Case> cases(LabelledImages images) {
        int width = images.width();
        double[] all = images.values(0, images.count(), LabelledImages.Pixels.SCALED, 0);
        List<Case> cases = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            cases.add(new Case(Arrays.copyOfRange(all, i * width, (i + 1) * width), images.labels()[i]));
        }
        return cases;
    }

    /** MNIST's IDX images and labels from any Hadoop path, read by the driver. */
    public static LabelledImages readMnist(Configuration conf, String images, String labels) {
        Idx.Images im;
        int[] lab;
        try (InputStream in = open(conf, images)) {
            im = Idx.readImages(in, java.nio.file.Path.of(images));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST images " + images + ": " + e, e);
        }
        try (InputStream in = open(conf, labels)) {
            lab = Idx.readLabels(in, java.nio.file.Path.of(labels), 10);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MNIST labels " + labels + ": " + e, e);
        }
        if (lab.length != im.count()) {
            throw new IllegalArgumentException(labels + " holds " + lab.length + " labels but " + images + " holds "
                    + im.count() + " images");
        }
        return new LabelledImages(im, lab, 10);
    }

    private static InputStream open(Configuration conf, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("no such file: " + path);
        }
        return fs.open(p);
    }

    private static StructField field(StructType schema, String name, String role) {
        if (name == null || !Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("no " + role + " column '" + name + "'; the columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        return schema.fields()[schema.fieldIndex(name)];
    }

    private static double[] values(Row row, int f, boolean vector, boolean floats) {
        if (row.isNullAt(f)) {
            return null;
        }
        if (vector) {
            return ((Vector) row.get(f)).toArray();
        }
        List<Object> list = row.getList(f);
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = list.get(i);
            v[i] = o == null ? Double.NaN : floats ? (Float) o : (Double) o;
        }
        return v;
    }

    private static int label(Row row, int l) {
        if (l < 0) {
            return Case.NO_LABEL;
        }
        if (row.isNullAt(l)) {
            return Case.NO_LABEL;
        }
        double d = ((Number) row.get(l)).doubleValue();
        if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            return Case.NOT_A_CLASS; // the trainer's check names the case
        }
        return (int) d;
    }
}

package io.github.dbn4j.backend.ejml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code EjmlFloatBackend.java} from {@code EjmlDoubleBackend.java}, the one written by
 * hand. Run from the module directory after changing the double backend:
 *
 * <pre>
 * mvn -q -pl backend-ejml test-compile
 * java -cp backend-ejml/target/test-classes io.github.dbn4j.backend.ejml.EjmlFloatSource backend-ejml
 * </pre>
 *
 * <p>Three kinds of change make the float class: every EJML and dbn4j type of the double class
 * renamed to its float twin ({@link #RENAMES}); the element type of the matrices' data arrays,
 * and of the values read from them, {@code double} to {@code float} ({@link #ELEMENTS}); and the
 * lines listed in {@link #LINES}, where the float class must round a {@code double} of the SPI
 * ({@code (float)}) or copy element by element. A line of that list that the double class no
 * longer has stops the generation, so that a change there gets its float form by hand.
 * {@code EjmlFloatSourceTest} fails when the committed float class is not what this writes. A
 * block of several lines in {@link #LINES} is indented as the line it replaces.
 */
public final class EjmlFloatSource {

    static final String PACKAGE_DIR = "src/main/java/io/github/dbn4j/backend/ejml/";

    /** EJML's and our float twins of the double types, in the order they are replaced. */
    static final Map<String, String> RENAMES = new LinkedHashMap<>();

    /** Lines of the double class and their float form (one line or several). */
    static final Map<String, String> LINES = new LinkedHashMap<>();

    /** The element type of a data array or of a value read from one. */
    static final List<Pattern> ELEMENTS = List.of(
            Pattern.compile("^(\\s*)double\\[\\] (\\w+) = (\\w+(\\.\\w+)*)\\.m\\.data;$"),
            Pattern.compile("^(\\s*)double (\\w+) = (\\w+)\\[([^\\]]+)\\];$"),
            Pattern.compile("^(\\s*private static void \\w+\\(boolean ta, boolean tb, )double( alpha, .*)$"));

    static {
        RENAMES.put("EjmlDoubleBackend", "EjmlFloatBackend");
        RENAMES.put("EjmlDoubleMatrix", "EjmlFloatMatrix");
        RENAMES.put("DMatrixRMaj", "FMatrixRMaj");
        RENAMES.put("CommonOps_MT_DDRM", "CommonOps_MT_FDRM");
        RENAMES.put("CommonOps_DDRM", "CommonOps_FDRM");
        RENAMES.put("Precision.FLOAT64", "Precision.FLOAT32");
        RENAMES.put("Double.isFinite", "Float.isFinite");

        LINES.put(" * FLOAT64 backend on EJML's {@link DMatrixRMaj}. Products use EJML's multithreaded kernels",
                " * FLOAT32 backend on EJML's {@link FMatrixRMaj}. Products use EJML's multithreaded kernels");
        LINES.put(" * data array. The float variant {@link EjmlFloatBackend} is generated from this class by",
                " * data array. Generated from {@link EjmlDoubleBackend} by");
        LINES.put("        System.arraycopy(values, 0, dst.m.data, 0, values.length);", """
                        float[] d = dst.m.data;
                        for (int i = 0; i < values.length; i++) {
                            d[i] = (float) values[i];
                        }""");
        LINES.put("        System.arraycopy(values, 0, dst.m.data, row * dst.m.numCols, values.length);", """
                        float[] d = dst.m.data;
                        int base = row * dst.m.numCols;
                        for (int i = 0; i < values.length; i++) {
                            d[base + i] = (float) values[i];
                        }""");
        LINES.put("        System.arraycopy(m.m.data, 0, out, 0, out.length);", """
                        float[] d = m.m.data;
                        for (int i = 0; i < out.length; i++) {
                            out[i] = d[i];
                        }""");
        LINES.put("        CommonOps_DDRM.fill(out.m, value);", "        CommonOps_FDRM.fill(out.m, (float) value);");
        LINES.put("            d[i] = stream.gaussian(offset + i);", "            d[i] = (float) stream.gaussian(offset + i);");
        LINES.put("                multMt(transA, transB, alpha, a.m, b.m, c.m);",
                "                multMt(transA, transB, (float) alpha, a.m, b.m, c.m);");
        LINES.put("                mult(transA, transB, alpha, a.m, b.m, c.m);",
                "                mult(transA, transB, (float) alpha, a.m, b.m, c.m);");
        LINES.put("            CommonOps_DDRM.scale(beta, c.m);", "            CommonOps_FDRM.scale((float) beta, c.m);");
        LINES.put("            multAddMt(transA, transB, alpha, a.m, b.m, c.m);",
                "            multAddMt(transA, transB, (float) alpha, a.m, b.m, c.m);");
        LINES.put("            multAdd(transA, transB, alpha, a.m, b.m, c.m);",
                "            multAdd(transA, transB, (float) alpha, a.m, b.m, c.m);");
        LINES.put("        CommonOps_DDRM.addEquals(y.m, alpha, x.m);", "        CommonOps_FDRM.addEquals(y.m, (float) alpha, x.m);");
        LINES.put("        CommonOps_DDRM.scale(alpha, a.m, out.m);", "        CommonOps_FDRM.scale((float) alpha, a.m, out.m);");
        LINES.put("            o[i] = g[i] * y * (1.0 - y);", "            o[i] = g[i] * y * (1.0f - y);");
        LINES.put("        PlainKernels.tanh(a.m.data, out.m.data, a.m.getNumElements());",
                "        kernels.tanh(a.m.data, out.m.data, a.m.getNumElements());");
        LINES.put("        PlainKernels.adam(grad.m.data, m.m.data, v.m.data, beta1, beta2, stepSize, epsilon, param.m.data,",
                "        PlainKernels.adam(grad.m.data, m.m.data, v.m.data, (float) beta1, (float) beta2, (float) stepSize,");
        LINES.put("                grad.m.getNumElements());", "                (float) epsilon, param.m.data, grad.m.getNumElements());");
        LINES.put("            double c = 0;", "            float c = 0;");
        LINES.put("                o[base + j] = j == chosen ? 1.0 : 0.0;", "                o[base + j] = j == chosen ? 1.0f : 0.0f;");
        // float sums are added up in double, as the SPI returns them
        LINES.put("        return CommonOps_DDRM.elementSum(a.m);", """
                        float[] x = a.m.data;
                        int n = a.m.getNumElements();
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            sum += x[i];
                        }
                        return sum;""");
    }

    private EjmlFloatSource() {
    }

    /** The float class made of the double class's source. */
    static String generate(String doubleSource) {
        List<String> unused = new ArrayList<>(LINES.keySet());
        StringBuilder out = new StringBuilder();
        for (String line : doubleSource.split("\n", -1)) {
            String replaced = LINES.get(line);
            if (replaced != null) {
                unused.remove(line);
                if (replaced.contains("\n")) { // a block: indented as the line it replaces
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    replaced.stripTrailing().lines().forEach(r -> out.append(indent).append(r).append('\n'));
                } else {
                    out.append(replaced).append('\n');
                }
                continue;
            }
            String l = line;
            for (Pattern p : ELEMENTS) {
                Matcher m = p.matcher(l);
                if (m.matches()) {
                    l = switch (ELEMENTS.indexOf(p)) {
                        case 0 -> m.group(1) + "float[] " + m.group(2) + " = " + m.group(3) + ".m.data;";
                        case 1 -> m.group(1) + "float " + m.group(2) + " = " + m.group(3) + "[" + m.group(4) + "];";
                        default -> m.group(1) + "float" + m.group(2);
                    };
                }
            }
            for (Map.Entry<String, String> r : RENAMES.entrySet()) {
                l = l.replace(r.getKey(), r.getValue());
            }
            out.append(l).append('\n');
        }
        if (!unused.isEmpty()) {
            throw new IllegalStateException("EjmlDoubleBackend no longer has these lines, whose float form is"
                    + " written in EjmlFloatSource.LINES: update the list\n" + String.join("\n", unused));
        }
        return out.substring(0, out.length() - 1);
    }

    /** Regenerates the float class in the module directory given as the first argument ({@code .} if none). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".").resolve(PACKAGE_DIR);
        String generated = generate(Files.readString(dir.resolve("EjmlDoubleBackend.java"), StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("EjmlFloatBackend.java"), generated, StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("EjmlFloatBackend.java"));
    }
}

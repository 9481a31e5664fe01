package io.github.dbn4j.core.io;

import java.util.ArrayList;
import java.util.List;

/**
 * The header dictionary of an NPY file, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }}, parsed strictly: a Python
 * dict literal with exactly the keys {@code descr} (a string), {@code fortran_order} ({@code True}
 * or {@code False}) and {@code shape} (a tuple of non-negative ints), followed only by white
 * space. Anything else is rejected with an {@link IllegalArgumentException} that says where.
 *
 * @param descr        the dtype string
 * @param fortranOrder whether the data are in Fortran (column-major) order
 * @param shape        the dimensions
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    private static final int MAX_RANK = 32;

    /** The header text numpy writes for a C-order array of this dtype and shape (unpadded). */
    static String format(String descr, int[] shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + NpyArray.shapeString(shape) + ", }";
    }

    /**
     * Parses a header.
     *
     * @throws IllegalArgumentException saying what is wrong and at which character
     */
    static NpyHeader parse(String text) {
        return new Parser(text).header();
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        NpyHeader header() {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            throw error("key 'descr' appears twice");
                        }
                        if (peek() != '\'' && peek() != '"') {
                            throw error("'descr' must be a dtype string (structured dtypes are not supported)");
                        }
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortran != null) {
                            throw error("key 'fortran_order' appears twice");
                        }
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw error("key 'shape' appears twice");
                        }
                        shape = tuple();
                    }
                    default -> throw error("unexpected key '" + key + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos != s.length()) {
                throw error("unexpected text after the header dict");
            }
            if (descr == null || fortran == null || shape == null) {
                throw new IllegalArgumentException("header lacks key '"
                        + (descr == null ? "descr" : fortran == null ? "fortran_order" : "shape") + "'");
            }
            return new NpyHeader(descr, fortran, shape);
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = s.substring(pos + 1, end);
            if (value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0) {
                throw error("escapes and line breaks in strings are not supported");
            }
            pos = end + 1;
            return value;
        }

        private boolean bool() {
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("'fortran_order' must be True or False");
        }

        private int[] tuple() {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            boolean trailingComma = false;
            skipSpace();
            while (peek() != ')') {
                dims.add(integer());
                if (dims.size() > MAX_RANK) {
                    throw error("shape has more than " + MAX_RANK + " dimensions");
                }
                skipSpace();
                trailingComma = false;
                if (peek() == ',') {
                    pos++;
                    trailingComma = true;
                    skipSpace();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            pos++;
            if (dims.size() == 1 && !trailingComma) {
                throw error("a one-dimensional shape must be written (n,), a tuple");
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int integer() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer in the shape");
            }
            String digits = s.substring(start, pos);
            long v = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape dimension " + digits + " is too large");
            }
            return (int) v;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("header dict ends early");
            }
            return s.charAt(pos);
        }

        private void skipSpace() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\n' || s.charAt(pos) == '\t'
                    || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed header: " + what + " at character " + pos);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.descr.equals(descr) && h.fortranOrder == fortranOrder
                && java.util.Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + java.util.Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return format(descr, shape);
    }
}

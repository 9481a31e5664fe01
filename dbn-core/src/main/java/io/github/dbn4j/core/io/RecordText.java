package io.github.dbn4j.core.io;

import io.github.dbn4j.core.AddedComponent;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a record as {@code name=value} lines (one per component, in declaration order) and reads
 * it back through its canonical constructor, which validates the values. Components may be
 * primitives ({@code int}, {@code long}, {@code double}, {@code boolean}), strings, enums, nested
 * records ({@code name.component=...}) and lists of those ({@code name.size=n}, then
 * {@code name.0...}). Doubles are written with {@link Double#toString}, which reads back exactly.
 *
 * <p>A {@code boolean} component missing from the text reads as {@code false}: flags added to a
 * record later (such as {@code RbmConfig.centered}) default to off in files written before them,
 * which is how those files were trained. (So a text cut short loses its missing flags without an
 * error; the files it is read from carry a checksum that catches that.) Components marked
 * {@link AddedComponent} read the same way as their zero value; any other missing component is an
 * error.
 *
 * <p>Only the record class the caller names, and the types its components declare, are ever
 * instantiated: no class name is read from the text.
 */
final class RecordText {

    private RecordText() {
    }

    /** The record as text. */
    static String write(Record r) {
        StringBuilder sb = new StringBuilder();
        writeValue(sb, "", r, r.getClass());
        return sb.toString();
    }

    private static void writeValue(StringBuilder sb, String key, Object value, Type type) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            String prefix = key.isEmpty() ? "" : key + ".";
            for (RecordComponent c : raw.getRecordComponents()) {
                writeValue(sb, prefix + c.getName(), component(c, value), c.getGenericType());
            }
        } else if (raw == List.class) {
            List<?> list = (List<?>) value;
            sb.append(key).append(".size=").append(list.size()).append('\n');
            Type element = elementType(type, key);
            for (int i = 0; i < list.size(); i++) {
                writeValue(sb, key + "." + i, list.get(i), element);
            }
        } else {
            if (value == null) {
                throw new IllegalArgumentException("cannot store null component '" + key + "'");
            }
            String text = value instanceof Enum<?> e ? e.name() : value.toString();
            sb.append(key).append('=').append(escape(text)).append('\n');
        }
    }

    private static Object component(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read component " + c.getName() + " of " + record, e);
        }
    }

    /**
     * Reads a record of the given class.
     *
     * @param what a description for messages, e.g. "config"
     * @throws ModelFileException naming the file, {@code what} and the key if the text does not
     *                            describe a valid record
     */
    static <T extends Record> T read(Class<T> type, String text, java.nio.file.Path file, String what) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ModelFileException(file, what + ": malformed line '" + line + "' (expected name=value)");
            }
            if (kv.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new ModelFileException(file, what + ": '" + line.substring(0, eq) + "' appears twice");
            }
        }
        Set<String> used = new HashSet<>();
        Object value;
        try {
            value = readValue("", type, kv, used);
        } catch (IllegalArgumentException e) {
            throw e instanceof ModelFileException m ? m
                    : new ModelFileException(file, what + ": invalid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        for (String key : kv.keySet()) {
            if (!used.contains(key)) {
                throw new ModelFileException(file, what + ": unexpected key '" + key + "' for "
                        + type.getSimpleName());
            }
        }
        return type.cast(value);
    }

    private static Object readValue(String key, Type type, Map<String, String> kv, Set<String> used) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            String prefix = key.isEmpty() ? "" : key + ".";
            RecordComponent[] components = raw.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                String name = prefix + components[i].getName();
                if (components[i].isAnnotationPresent(AddedComponent.class) && !kv.containsKey(name)
                        && !kv.containsKey(name + ".size")) {
                    args[i] = zero(types[i], name);
                } else {
                    args[i] = readValue(name, components[i].getGenericType(), kv, used);
                }
            }
            return construct(raw, types, args);
        }
        if (raw == List.class) {
            int size = parseInt(key + ".size", text(key + ".size", kv, used));
            if (size < 0 || size > kv.size()) {
                throw new IllegalArgumentException("'" + key + ".size' is " + size + ", which the text cannot hold");
            }
            Type element = elementType(type, key);
            List<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(readValue(key + "." + i, element, kv, used));
            }
            return list;
        }
        if (raw == boolean.class && !kv.containsKey(key)) {
            return false; // a flag added in a later version: texts written before it have it off
        }
        return scalar(key, raw, unescape(key, text(key, kv, used)));
    }

    /** The zero value of a component type: what an {@link AddedComponent} absent from a text reads as. */
    private static Object zero(Class<?> type, String key) {
        if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == boolean.class) {
            return false;
        } else if (type == List.class) {
            return List.of();
        }
        throw new IllegalStateException("added component '" + key + "' has no zero value: " + type.getName());
    }

    private static Object scalar(String key, Class<?> raw, String s) {
        try {
            if (raw == int.class || raw == Integer.class) {
                return parseInt(key, s);
            } else if (raw == long.class || raw == Long.class) {
                return Long.parseLong(s);
            } else if (raw == double.class || raw == Double.class) {
                return Double.parseDouble(s);
            } else if (raw == boolean.class || raw == Boolean.class) {
                if (!s.equals("true") && !s.equals("false")) {
                    throw new IllegalArgumentException("'" + key + "' must be true or false, got '" + s + "'");
                }
                return Boolean.parseBoolean(s);
            } else if (raw == String.class) {
                return s;
            } else if (raw.isEnum()) {
                for (Object constant : raw.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equals(s)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException("'" + key + "' is '" + s + "', not a " + raw.getSimpleName());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is '" + s + "', not a " + raw.getSimpleName(), e);
        }
        throw new IllegalStateException("component '" + key + "' has unsupported type " + raw.getName());
    }

    private static int parseInt(String key, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is '" + s + "', not an int", e);
        }
    }

    private static String text(String key, Map<String, String> kv, Set<String> used) {
        String s = kv.get(key);
        if (s == null) {
            throw new IllegalArgumentException("missing '" + key + "'");
        }
        used.add(key);
        return s;
    }

    private static Object construct(Class<?> raw, Class<?>[] types, Object[] args) {
        try {
            Constructor<?> c = raw.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(iae.getMessage(), iae);
            }
            throw new IllegalStateException("the constructor of " + raw.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + raw.getName(), e);
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException("unsupported component type " + type);
    }

    private static Type elementType(Type listType, String key) {
        if (listType instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return p.getActualTypeArguments()[0];
        }
        throw new IllegalStateException("list component '" + key + "' needs a concrete element type");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String key, String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char next = ++i < s.length() ? s.charAt(i) : '?';
            switch (next) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("'" + key + "' has a bad escape in '" + s + "'");
            }
        }
        return sb.toString();
    }
}

package io.github.dbn4j.cli;

import io.github.dbn4j.core.TrainingState;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings of a run, written into its checkpoints and read back by {@code --resume}, so that
 * a resumed run continues with exactly the settings it began with. A command marks its settings
 * with {@link Saved}; this class writes and reads every marked field, under the field's name (or
 * its {@link Saved#key}):
 * numbers and text as themselves, booleans as 0 / 1, an {@code int[]} as its values joined by
 * {@code -}, a nullable {@code Integer} as -1 for null, a {@code List<Double>} one key per element
 * ({@code momentum0}, {@code momentum1}, ...; no key for null).
 *
 * <p>Written with reflection rather than by hand per command: the three training commands and
 * the demo kept a saving and a loading method each, two lists of the same fields to keep in step.
 * The keys are the ones those methods wrote, so checkpoints of earlier builds resume.
 */
final class RunSettings {

    private RunSettings() {
    }

    /** Marks a field that {@code --resume} restores. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @interface Saved {
        /**
         * The value a checkpoint of a build before this setting stands for (the setting's behaviour
         * then), as text; empty when every checkpoint has it. For a list, {@code "null"} when a list
         * left unset (saved as no keys) is allowed.
         */
        String absent() default "";

        /** The key, when it is not the field's name. */
        String key() default "";

        /** The keys of a list's elements, when they are not the field's name and index. */
        String[] keys() default {};
    }

    /** Writes every {@link Saved} field of {@code owner} into {@code s}. */
    static void save(TrainingState s, Object owner) {
        for (Field f : fields(owner)) {
            Object v = get(f, owner);
            String key = key(f);
            Class<?> t = f.getType();
            if (t == int.class || t == long.class) {
                s.putLong(key, ((Number) v).longValue());
            } else if (t == Integer.class) {
                s.putLong(key, v == null ? -1 : (Integer) v);
            } else if (t == double.class) {
                s.putDouble(key, (Double) v);
            } else if (t == boolean.class) {
                s.putLong(key, (Boolean) v ? 1 : 0);
            } else if (t == String.class) {
                s.putText(key, (String) v);
            } else if (t == int[].class) {
                s.putText(key, Arrays.stream((int[]) v).mapToObj(Integer::toString).collect(Collectors.joining("-")));
            } else {
                List<?> list = (List<?>) v;
                if (list != null) {
                    int fixed = f.getAnnotation(Saved.class).keys().length;
                    if (fixed != 0 && fixed != list.size()) {
                        throw new IllegalArgumentException(f.getName() + " has " + list.size() + " values but "
                                + fixed + " keys");
                    }
                    for (int i = 0; i < list.size(); i++) {
                        s.putDouble(elementKey(f, i), ((Number) list.get(i)).doubleValue());
                    }
                }
            }
        }
    }

    /**
     * Sets every {@link Saved} field of {@code owner} from {@code s}.
     *
     * @throws IllegalStateException naming the checkpoint and the key, when {@code s} lacks a setting
     *                               that has no {@link Saved#absent} value or holds one that cannot be read
     */
    static void load(TrainingState s, Object owner) {
        for (Field f : fields(owner)) {
            String key = key(f);
            Class<?> t = f.getType();
            Saved saved = f.getAnnotation(Saved.class);
            if (List.class.isAssignableFrom(t)) {
                set(f, owner, list(s, f));
                continue;
            }
            if (!s.has(key) && !saved.absent().isEmpty()) {
                set(f, owner, parse(t, saved.absent()));
                continue;
            }
            Object v;
            if (t == int.class) {
                v = s.getInt(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
            } else if (t == long.class) {
                v = s.getLong(key);
            } else if (t == Integer.class) {
                int i = s.getInt(key, -1, Integer.MAX_VALUE);
                v = i < 0 ? null : i;
            } else if (t == double.class) {
                v = s.getDouble(key);
            } else if (t == boolean.class) {
                v = s.getLong(key) == 1;
            } else if (t == String.class) {
                v = s.getText(key);
            } else {
                String text = s.getText(key);
                try {
                    v = parse(t, text);
                } catch (NumberFormatException e) {
                    throw s.problem("its setting '" + key + "' is '" + text + "', which is not a list of numbers "
                            + "joined by '-'");
                }
            }
            set(f, owner, v);
        }
    }

    private static String key(Field f) {
        String key = f.getAnnotation(Saved.class).key();
        return key.isEmpty() ? f.getName() : key;
    }

    private static List<Double> list(TrainingState s, Field f) {
        ParameterizedType type = (ParameterizedType) f.getGenericType();
        if (type.getActualTypeArguments()[0] != Double.class) {
            throw new IllegalArgumentException(f + ": only lists of Double are settings");
        }
        int fixed = f.getAnnotation(Saved.class).keys().length;
        List<Double> values = new ArrayList<>();
        for (int i = 0; (fixed == 0 || i < fixed) && s.has(elementKey(f, i)); i++) {
            values.add(s.getDouble(elementKey(f, i)));
        }
        if (!values.isEmpty()) {
            return List.copyOf(values);
        }
        if (!f.getAnnotation(Saved.class).absent().equals("null")) {
            throw s.problem("it has no setting '" + elementKey(f, 0) + "'");
        }
        return null;
    }

    /** The key of a list's element {@code i}: its fixed key, or the field's name and the index. */
    private static String elementKey(Field f, int i) {
        String[] fixed = f.getAnnotation(Saved.class).keys();
        return fixed.length == 0 ? f.getName() + i : fixed[i];
    }

    private static Object parse(Class<?> t, String text) {
        if (t == int.class) {
            return Integer.parseInt(text);
        } else if (t == long.class) {
            return Long.parseLong(text);
        } else if (t == Integer.class) {
            int i = Integer.parseInt(text);
            return i < 0 ? null : i;
        } else if (t == double.class) {
            return Double.parseDouble(text);
        } else if (t == boolean.class) {
            return Boolean.parseBoolean(text);
        } else if (t == String.class) {
            return text;
        } else if (t == int[].class) {
            return Arrays.stream(text.split("-")).mapToInt(Integer::parseInt).toArray();
        }
        throw new IllegalArgumentException("a setting of type " + t.getName() + " cannot be saved");
    }

    private static List<Field> fields(Object owner) {
        List<Field> out = new ArrayList<>();
        for (Field f : owner.getClass().getDeclaredFields()) {
            if (f.isAnnotationPresent(Saved.class)) {
                out.add(f);
            }
        }
        return out;
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("setting " + f.getName() + " cannot be read", e);
        }
    }

    private static void set(Field f, Object owner, Object value) {
        try {
            f.set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("setting " + f.getName() + " cannot be set", e);
        }
    }
}

package io.github.dbn4j.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component added after files holding its record were first written: where a
 * stored text lacks it, it reads as its zero value ({@code 0}, {@code false}, an empty list), which
 * must therefore mean the behaviour from before the component existed. Every other component
 * missing from a text is an error, so a text cut short is still caught.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface AddedComponent {
}

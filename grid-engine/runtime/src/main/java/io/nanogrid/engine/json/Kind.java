package io.nanogrid.engine.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The "kind" a record is written with when it is one of a sealed interface's permitted records, e.g.
 * {@code @Kind("image") record ImageSpec(...) implements InputSpec}. A sealed interface whose records all
 * carry one is read and written by its "kind" field ({@link Kinds}), with no list to keep elsewhere.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Kind {
    String value();
}

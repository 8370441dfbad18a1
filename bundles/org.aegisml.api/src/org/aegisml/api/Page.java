package org.aegisml.api;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list; {@code page} counts from 1. */
public record Page<T>(List<T> items, long total, int page, int size) {
    public Page {
        items = List.copyOf(items);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), total, page, size);
    }
}

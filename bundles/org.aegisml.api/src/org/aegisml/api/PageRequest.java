package org.aegisml.api;

/** Which page of a list to return. Page numbers start at 1; size is capped at {@link #MAX_SIZE}. */
public record PageRequest(int page, int size) {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    public PageRequest {
        if (page < 1) throw new ValidationException("page", "page must be 1 or more");
        if (size < 1 || size > MAX_SIZE) throw new ValidationException("size", "size must be between 1 and " + MAX_SIZE);
    }

    public static PageRequest first() {
        return new PageRequest(1, DEFAULT_SIZE);
    }

    public int offset() {
        return (page - 1) * size;
    }
}

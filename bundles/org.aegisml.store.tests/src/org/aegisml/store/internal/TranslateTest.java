package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.aegisml.api.ConflictException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/** How database failures reach the API: duplicates as conflicts, outages as "unavailable, retry". */
class TranslateTest {
    @Test
    void duplicatesAreConflicts() {
        var e = new ConstraintViolationException("dup", new SQLException("dup", "23505"), "uq_asset_type_name");
        assertInstanceOf(ConflictException.class, HibernateStore.translate(e));
        assertInstanceOf(ConflictException.class,
                HibernateStore.translate(new RuntimeException(new SQLException("dup", "23505"))));
    }

    @Test
    void outagesAreUnavailable() {
        assertInstanceOf(UnavailableException.class,
                HibernateStore.translate(new JDBCConnectionException("gone", new SQLException("gone", "08006"))));
        assertInstanceOf(UnavailableException.class, HibernateStore.translate(
                new RuntimeException(new SQLTransientConnectionException("pool timed out"))));
        assertInstanceOf(UnavailableException.class,
                HibernateStore.translate(new RuntimeException(new SQLException("refused", "08001"))));
    }

    @Test
    void serviceExceptionsPassThrough() {
        ValidationException v = new ValidationException("name", "bad");
        assertSame(v, HibernateStore.translate(v));
    }
}

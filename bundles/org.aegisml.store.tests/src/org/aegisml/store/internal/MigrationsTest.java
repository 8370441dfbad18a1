package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void splitsStatementsAndSkipsComments() {
        List<String> s = Migrations.statements("""
                -- a comment;
                CREATE TABLE a (x INT);

                INSERT INTO a VALUES (1);
                CREATE TABLE b (
                   y VARCHAR(10)
                );
                """);
        assertEquals(3, s.size());
        assertEquals("CREATE TABLE a (x INT)", s.get(0));
        assertTrue(s.get(2).startsWith("CREATE TABLE b ("));
        assertFalse(s.get(2).endsWith(";"));
    }

    @Test
    void scriptsAreOrderedAndChecksummed() throws Exception {
        List<Migrations.Script> scripts = Migrations.load();
        assertFalse(scripts.isEmpty());
        int last = 0;
        for (Migrations.Script s : scripts) {
            assertTrue(s.version() > last);
            last = s.version();
            assertEquals(64, s.checksum().length());
        }
    }
}

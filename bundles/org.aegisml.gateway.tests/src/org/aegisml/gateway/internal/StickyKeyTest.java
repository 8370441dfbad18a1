package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StickyKeyTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesHeaderAndFieldSpecs() {
        assertEquals(new StickyKey(true, "x-user"), StickyKey.parse("header:X-User"));
        assertEquals(new StickyKey(false, "user_id"), StickyKey.parse("field: user_id"));
        assertNull(StickyKey.parse(null));
        assertNull(StickyKey.parse("cookie:x"));
        assertNull(StickyKey.parse("header:"));
        assertNull(StickyKey.parse("user_id"));
    }

    @Test
    void headerKeysAreLookedUpInLowerCase() {
        StickyKey k = StickyKey.parse("header:X-User");
        assertEquals("u-7", k.of(Map.of("x-user", "u-7"), null));
        assertNull(k.of(Map.of("x-other", "u-7"), null));
        assertNull(k.of(Map.of("x-user", ""), null));
    }

    @Test
    void fieldKeysAreTopLevelScalarsOrVariables() {
        StickyKey k = StickyKey.parse("field:user_id");
        assertEquals("u-1", k.of(Map.of(), b("{\"a\":{\"user_id\":\"nested\"},\"user_id\":\"u-1\"}")));
        assertEquals("42", k.of(Map.of(), b("{\"user_id\":42,\"x\":[1,2]}")));
        assertEquals("v-9", k.of(Map.of(), b("{\"variables\":{\"text\":\"hi\",\"user_id\":\"v-9\"}}")));
        assertEquals("top", k.of(Map.of(), b("{\"variables\":{\"user_id\":\"v\"},\"user_id\":\"top\"}")));
        assertNull(k.of(Map.of(), b("{\"user_id\":{\"id\":1}}")));
        assertNull(k.of(Map.of(), b("{\"other\":1}")));
        assertNull(k.of(Map.of(), b("not json")));
        assertNull(k.of(Map.of(), b("[1]")));
        assertNull(k.of(Map.of(), null));
    }
}

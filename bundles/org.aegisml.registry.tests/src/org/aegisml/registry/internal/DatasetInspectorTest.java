package org.aegisml.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.FeatureSpec;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class DatasetInspectorTest {
    private static DatasetInspector.Result inspect(DatasetFormat f, String text) throws Exception {
        return DatasetInspector.inspect(f, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new ObjectMapper());
    }

    @Test
    void csvCountsRowsAndInfersNarrowestTypes() throws Exception {
        var r = inspect(DatasetFormat.CSV, "id,score,label,flag,note\r\n1,0.5,a,true,\r\n2,3,b,false,\"x, \"\"y\"\"\nz\"\n\n");
        assertEquals(2, r.rows());
        assertEquals(List.of(new FeatureSpec("id", "integer"), new FeatureSpec("score", "number"),
                new FeatureSpec("label", "string"), new FeatureSpec("flag", "boolean"), new FeatureSpec("note", "string")),
                r.schema());
    }

    @Test
    void csvHeaderOnlyIsEmptyButValid() throws Exception {
        var r = inspect(DatasetFormat.CSV, "a,b\n");
        assertEquals(0, r.rows());
        assertEquals(2, r.schema().size());
    }

    @Test
    void csvRaggedRowIsRefusedWithItsLine() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> inspect(DatasetFormat.CSV, "a,b\n1,2\n3\n"));
        assertTrue(e.getMessage().contains("record 2"), e.getMessage());
    }

    @Test
    void csvProblems() {
        assertThrows(ValidationException.class, () -> inspect(DatasetFormat.CSV, ""));
        assertThrows(ValidationException.class, () -> inspect(DatasetFormat.CSV, "a,a\n1,2\n"));
        assertThrows(ValidationException.class, () -> inspect(DatasetFormat.CSV, "a\n\"open\n"));
    }

    @Test
    void ndjsonUnionsKeysAndWidensTypes() throws Exception {
        var r = inspect(DatasetFormat.NDJSON, "{\"x\":1,\"y\":\"a\"}\n\n{\"x\":2.5,\"z\":[1]}\n{\"x\":null,\"y\":\"b\"}\n");
        assertEquals(3, r.rows());
        assertEquals(List.of(new FeatureSpec("x", "number"), new FeatureSpec("y", "string"), new FeatureSpec("z", "array")),
                r.schema());
    }

    @Test
    void ndjsonBadLineIsNamed() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> inspect(DatasetFormat.NDJSON, "{\"x\":1}\n[1,2]\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        e = assertThrows(ValidationException.class, () -> inspect(DatasetFormat.NDJSON, "{\"x\":1}\n{oops\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void formatDetection() {
        assertEquals(DatasetFormat.CSV, DatasetInspector.detect(null, "train.CSV", null));
        assertEquals(DatasetFormat.NDJSON, DatasetInspector.detect(null, "x.jsonl", null));
        assertEquals(DatasetFormat.NDJSON, DatasetInspector.detect(null, "x", "application/x-ndjson"));
        assertEquals(DatasetFormat.CSV, DatasetInspector.detect(DatasetFormat.CSV, "x.ndjson", null));
        assertThrows(ValidationException.class, () -> DatasetInspector.detect(null, "x.bin", "application/octet-stream"));
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThrows(ValidationException.class, () -> DatasetInspector.inspect(DatasetFormat.CSV,
                new ByteArrayInputStream(new byte[] { 'a', '\n', (byte) 0xC3, (byte) 0x28, '\n' }), new ObjectMapper()));
    }
}

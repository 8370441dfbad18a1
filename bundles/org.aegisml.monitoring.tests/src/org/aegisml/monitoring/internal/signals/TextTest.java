package org.aegisml.monitoring.internal.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void wordsKeepNumbersWhole() {
        assertEquals(List.of("it", "costs", "1000.50", "in", "2024", "not", "1", "2", "3"),
                Text.words("It costs $1,000.50 in 2024, not 1,2,3."));
    }

    @Test
    void contentTokensDropStopWordsAndStem() {
        assertEquals(List.of("creat", "creat", "creat", "company", "study", "run", "box"),
                Text.contentTokens("The created, creates and creating of companies: studies, running boxes"));
    }

    @Test
    void stemmingMakesInflectionsMeet() {
        assertEquals(Text.stem("created"), Text.stem("creating"));
        assertEquals(Text.stem("stopped"), Text.stem("stops"));
        assertEquals(Text.stem("studies"), Text.stem("studied"));
        assertEquals("speed", Text.stem("speed"));
        assertEquals("bus", Text.stem("bus"));
    }

    @Test
    void foldMapsAccentsAndCompatibilityFormsToAscii() {
        assertEquals("e", Text.fold('é'));
        assertEquals("a", Text.fold('Ａ'));
        assertEquals("a", Text.fold(0x1D400)); // mathematical bold capital A
        assertEquals("fi", Text.fold(0xFB01));
        assertEquals(null, Text.fold('ж'));
        assertEquals(null, Text.fold(0x4E2D));
    }

    @Test
    void sentencesSplitOnTerminalMarksAndLines() {
        assertEquals(List.of("Pi is 3.14, e.g. roughly.", "Dr. Who said \"hi!\"", "Really?", "- item one", "- item two"),
                Text.sentences("Pi is 3.14, e.g. roughly. Dr. Who said \"hi!\" Really?\n- item one\n- item two"));
    }
}

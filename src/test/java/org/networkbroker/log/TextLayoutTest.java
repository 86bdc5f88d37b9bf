package org.networkbroker.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextLayoutTest {

    @Test
    void escapedTextKeepsOneLine() {
        StringBuilder line = new StringBuilder();

        TextLayout.appendEscaped(line, "script=15-new\nline stdout: \u001b[31mred\r\u0000end\tok");

        assertThat(line.toString()).as("escaped script output")
                .isEqualTo("script=15-new\\nline stdout: \\x1b[31mred\\r\\x00end\tok");
    }

    @Test
    void escapedTextKeepsPrintableUnicode() {
        StringBuilder line = new StringBuilder();

        TextLayout.appendEscaped(line, "link=wlan-é ⚡ \u0085x");

        assertThat(line.toString()).as("escaped text with non-ASCII letters and a C1 control")
                .isEqualTo("link=wlan-é ⚡ \\x85x");
    }
}

package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseFileTokenizerTest {

    private static List<Token> tokenize(String text) {
        LeaseFileTokenizer tokenizer = new LeaseFileTokenizer(text);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = tokenizer.next();
            tokens.add(token);
        } while (token.type() != Token.Type.END);
        return tokens;
    }

    @Test
    void tokenizerReportsTypesAndPositions() {
        List<Token> tokens = tokenize("lease {\n  fixed-address 192.0.2.1;\n}");

        assertThat(tokens).extracting(Token::type).containsExactly(Token.Type.WORD,
                Token.Type.LEFT_BRACE, Token.Type.WORD, Token.Type.WORD, Token.Type.SEMICOLON,
                Token.Type.RIGHT_BRACE, Token.Type.END);
        Token address = tokens.get(3);
        assertThat(address.text()).isEqualTo("192.0.2.1");
        assertThat(address.line()).isEqualTo(2);
        assertThat(address.column()).isEqualTo(17);
        assertThat(tokens.get(5).line()).isEqualTo(3);
        assertThat(tokens.get(5).column()).isEqualTo(1);
    }

    @Test
    void tokenizerSkipsCommentsToLineEnd() {
        List<Token> tokens = tokenize("# { \" ;\nepoch 1796400979; # Fri Dec 04 { 2026\n}");

        assertThat(tokens).extracting(Token::text)
                .containsExactly("epoch", "1796400979", ";", "}", "");
    }

    @Test
    void tokenizerKeepsAddressesDatesAndHexAsWords() {
        List<Token> tokens = tokenize("2001:db8::1 2026/12/03 10:20:30 1:2:3 dhcp6.name-servers");

        assertThat(tokens).extracting(Token::text).containsExactly("2001:db8::1", "2026/12/03",
                "10:20:30", "1:2:3", "dhcp6.name-servers", "");
    }

    @Test
    void tokenizerDecodesStringEscapes() {
        Token token = tokenize("\"q\\\"b\\\\ caf\\303\\251 \\t\\011\\x41\\$\\n\"").getFirst();

        assertThat(token.type()).isEqualTo(Token.Type.STRING);
        assertThat(token.value()).isEqualTo("q\"b\\ café \t\tA$\n");
        assertThat(token.text()).isEqualTo("q\\\"b\\\\ caf\\303\\251 \\t\\011\\x41\\$\\n");
        assertThat(token.error()).isNull();
    }

    @Test
    void tokenizerKeepsPunctuationInsideStrings() {
        List<Token> tokens = tokenize("\"a;b,{c}#d\";");

        assertThat(tokens).extracting(Token::type)
                .containsExactly(Token.Type.STRING, Token.Type.SEMICOLON, Token.Type.END);
        assertThat(tokens.getFirst().value()).isEqualTo("a;b,{c}#d");
    }

    @Test
    void tokenizerDecodesRawUtf8InStrings() {
        Token token = tokenize("\"日本\\303\\251\"").getFirst();

        assertThat(token.value()).isEqualTo("日本é");
    }

    @Test
    void invalidOctalEscapeSetsErrorAndContinues() {
        List<Token> tokens = tokenize("\"bad \\09 escape\";\nnext");

        Token string = tokens.getFirst();
        assertThat(string.error()).isNotNull();
        assertThat(string.error().getMessage()).isEqualTo("invalid escape \"\\09\" in string:"
                + " expected three octal digits from \\000 to \\377");
        assertThat(string.error().line()).isEqualTo(1);
        assertThat(string.error().column()).isEqualTo(6);
        assertThat(tokens).extracting(Token::text)
                .containsExactly("bad \\09 escape", ";", "next", "");
    }

    @Test
    void invalidHexEscapeSetsError() {
        Token token = tokenize("\"\\xg1\"").getFirst();

        assertThat(token.error().getMessage())
                .isEqualTo("invalid escape \"\\xg\" in string: expected \\x and two hex digits");
    }

    @Test
    void unterminatedStringIsIncomplete() {
        LeaseFileTokenizer tokenizer = new LeaseFileTokenizer("option host-name \"abc\n  de");
        tokenizer.next();
        tokenizer.next();

        assertThatThrownBy(tokenizer::next)
                .isInstanceOfSatisfying(IncompleteInputException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("inside the string that starts at line 1 column 18");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(5);
                });
    }

    @Test
    void stringEndingInEscapeIsIncomplete() {
        for (String text : List.of("\"\\", "\"\\0", "\"\\03", "\"\\x4")) {
            LeaseFileTokenizer tokenizer = new LeaseFileTokenizer(text);

            assertThatThrownBy(tokenizer::next).as(text)
                    .isInstanceOf(IncompleteInputException.class);
        }
    }

    @Test
    void endTokenRepeatsAtEndOfText() {
        LeaseFileTokenizer tokenizer = new LeaseFileTokenizer("  # only a comment");

        assertThat(tokenizer.next().type()).isEqualTo(Token.Type.END);
        assertThat(tokenizer.next().type()).isEqualTo(Token.Type.END);
    }
}

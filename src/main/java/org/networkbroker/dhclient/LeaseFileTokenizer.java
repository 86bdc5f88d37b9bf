package org.networkbroker.dhclient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits the text of a lease file into {@link Token}s and drops white space and comments.
 *
 * <p>The rules follow the lexer of ISC DHCP (common/conflex.c). A comment runs from {@code #} to
 * the end of the line. A string is enclosed in double quotes, and inside it a backslash starts
 * an escape: {@code \t}, {@code \r}, {@code \n}, {@code \b}, three octal digits from
 * {@code \000} to {@code \377}, or {@code \x} and two hex digits. A backslash before any other
 * character (such as {@code \"} or {@code \\}) stands for that character. Words are not split
 * further, so an IPv6 address, a date such as {@code 2026/12/03} and a hex string such as
 * {@code 1:2:3} are each one word. Lines and columns are 1-based. A column counts UTF-16
 * characters, so a tab counts as one.
 */
final class LeaseFileTokenizer {

    private final String text;
    private int offset;
    private int line = 1;
    private int column = 1;

    /**
     * Creates a tokenizer over the whole text of a lease file.
     *
     * @param text the file's content
     */
    LeaseFileTokenizer(String text) {
        this.text = text;
    }

    /**
     * Reads the next token. At the end of the text, returns an {@link Token.Type#END} token on
     * every call.
     *
     * <p>A string with an invalid escape is returned with its {@linkplain Token#error() error}
     * set, and the tokenizer goes on after its closing quote.
     *
     * @throws IncompleteInputException if the text ends inside a string
     */
    Token next() {
        skipSpaceAndComments();
        int start = offset;
        int startLine = line;
        int startColumn = column;
        if (offset >= text.length()) {
            return new Token(Token.Type.END, "", null, startLine, startColumn, start, start);
        }
        Token.Type punctuation = punctuation(text.charAt(offset));
        if (punctuation != null) {
            advance();
            return new Token(punctuation, text.substring(start, offset), null, startLine,
                    startColumn, start, offset);
        }
        if (text.charAt(offset) == '"') {
            return readString();
        }
        while (offset < text.length() && isWordCharacter(text.charAt(offset))) {
            advance();
        }
        return new Token(Token.Type.WORD, text.substring(start, offset), null, startLine,
                startColumn, start, offset);
    }

    private void skipSpaceAndComments() {
        while (offset < text.length()) {
            char character = text.charAt(offset);
            if (character == '#') {
                while (offset < text.length() && text.charAt(offset) != '\n') {
                    advance();
                }
            } else if (isSpace(character)) {
                advance();
            } else {
                return;
            }
        }
    }

    private Token readString() {
        Position opening = position();
        advance();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        StringBuilder plain = new StringBuilder();
        LeaseSyntaxException firstError = null;
        while (requireStringCharacter(opening) != '"') {
            char character = text.charAt(offset);
            if (character != '\\') {
                plain.append(character);
                advance();
                continue;
            }
            content.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
            LeaseSyntaxException error = readEscape(content, opening);
            if (firstError == null) {
                firstError = error;
            }
        }
        content.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
        String inner = text.substring(opening.offset() + 1, offset);
        advance();
        return new Token(Token.Type.STRING, inner, content.toByteArray(), opening.line(),
                opening.column(), opening.offset(), offset, firstError);
    }

    /**
     * Reads one escape, from the backslash on, and appends the byte it stands for.
     *
     * @return the error if the escape is invalid, or {@code null}
     */
    private LeaseSyntaxException readEscape(ByteArrayOutputStream content, Position opening) {
        Position backslash = position();
        advance();
        char kind = requireStringCharacter(opening);
        advance();
        switch (kind) {
            case 't' -> content.write('\t');
            case 'r' -> content.write('\r');
            case 'n' -> content.write('\n');
            case 'b' -> content.write('\b');
            case '0', '1', '2', '3' -> {
                return readDigits(content, kind - '0', 8, opening, backslash);
            }
            case 'x' -> {
                return readDigits(content, 0, 16, opening, backslash);
            }
            default -> content.writeBytes(String.valueOf(kind).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** Reads the two digits that end an octal or hex escape. */
    private LeaseSyntaxException readDigits(ByteArrayOutputStream content, int initial, int radix,
            Position opening, Position backslash) {
        int value = initial;
        for (int index = 0; index < 2; index++) {
            int digit = Character.digit(requireStringCharacter(opening), radix);
            if (digit < 0) {
                String escape = text.substring(backslash.offset(), offset + 1);
                String expected = radix == 8 ? "three octal digits from \\000 to \\377"
                        : "\\x and two hex digits";
                return new LeaseSyntaxException(backslash.line(), backslash.column(),
                        "invalid escape \"" + escape + "\" in string: expected " + expected);
            }
            value = value * radix + digit;
            advance();
        }
        content.write(value);
        return null;
    }

    private char requireStringCharacter(Position opening) {
        if (offset >= text.length()) {
            throw new IncompleteInputException(line, column, "inside the string that starts at"
                    + " line " + opening.line() + " column " + opening.column());
        }
        return text.charAt(offset);
    }

    private Position position() {
        return new Position(line, column, offset);
    }

    private void advance() {
        if (text.charAt(offset) == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        offset++;
    }

    private static Token.Type punctuation(char character) {
        return switch (character) {
            case '{' -> Token.Type.LEFT_BRACE;
            case '}' -> Token.Type.RIGHT_BRACE;
            case ';' -> Token.Type.SEMICOLON;
            case ',' -> Token.Type.COMMA;
            default -> null;
        };
    }

    private static boolean isSpace(char character) {
        return character == ' ' || character == '\t' || character == '\n' || character == '\r'
                || character == '\f' || character == '\u000b';
    }

    private static boolean isWordCharacter(char character) {
        return !isSpace(character) && punctuation(character) == null && character != '"'
                && character != '#';
    }

    /** A place in the text: 1-based line and column, and the 0-based offset. */
    private record Position(int line, int column, int offset) {
    }
}

package org.networkbroker.dhclient;

import java.nio.charset.StandardCharsets;

/**
 * One token of a lease file.
 *
 * @param type the kind of token
 * @param text the source text of the token: for a string, the text between the quotes with its
 *         escapes still in place
 * @param bytes the decoded content of a string (escapes resolved), or {@code null} for other types
 * @param line the 1-based line of the first character
 * @param column the 1-based column of the first character
 * @param start the offset of the first character in the file's text
 * @param end the offset after the last character, including a closing quote
 * @param error the problem with a string that has an invalid escape, or {@code null}. The
 *         tokenizer keeps it here instead of throwing, so that a parser that skips a malformed
 *         block can read past the string.
 */
record Token(Type type, String text, byte[] bytes, int line, int column, int start, int end,
        LeaseSyntaxException error) {

    /**
     * Creates a token without an error.
     */
    Token(Type type, String text, byte[] bytes, int line, int column, int start, int end) {
        this(type, text, bytes, line, column, start, end, null);
    }

    /**
     * Returns this token, or throws its error.
     *
     * @throws LeaseSyntaxException if this is a string with an invalid escape
     */
    Token requireValid() {
        if (error != null) {
            throw error;
        }
        return this;
    }

    /** Token types. */
    enum Type {
        /** A run of characters that are not white space, punctuation, quotes or {@code #}. */
        WORD,
        /** A double-quoted string. */
        STRING,
        LEFT_BRACE,
        RIGHT_BRACE,
        SEMICOLON,
        COMMA,
        /** The end of the file. */
        END
    }

    /**
     * Returns the value of a word, or the content of a string decoded as UTF-8. Invalid UTF-8
     * sequences become U+FFFD.
     */
    String value() {
        if (type == Type.STRING) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** Returns whether this token is a word equal to {@code keyword}, ignoring case. */
    boolean isWord(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    /** Describes the token for error messages, such as {@code "fixed-address"} or {@code ";"}. */
    String describe() {
        return switch (type) {
            case WORD -> "\"" + text + "\"";
            case STRING -> "string \"" + text + "\"";
            case LEFT_BRACE -> "\"{\"";
            case RIGHT_BRACE -> "\"}\"";
            case SEMICOLON -> "\";\"";
            case COMMA -> "\",\"";
            case END -> "end of file";
        };
    }
}

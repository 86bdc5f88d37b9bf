package org.networkbroker.dhclient;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses the lease files of ISC dhclient 4.4 ({@code dhclient -lf FILE}) with a recursive-descent
 * parser over {@link LeaseFileTokenizer}'s tokens.
 *
 * <p>A file holds three kinds of top-level statements: {@code lease { ... }} blocks for DHCPv4,
 * {@code lease6 { ... }} blocks for DHCPv6, and {@code default-duid "...";}. A {@code lease}
 * block holds {@code interface}, {@code fixed-address}, {@code option NAME VALUE, ...;},
 * {@code renew}, {@code rebind} and {@code expire} statements, and sometimes others such as
 * {@code filename}, {@code server-name}, {@code medium} or {@code bootp}, which are kept as
 * {@linkplain DhcpLease#declarations() declarations}. {@code lease6} blocks are checked for
 * balanced braces and skipped. Keywords are matched ignoring case, as ISC's lexer does.
 *
 * <p>A statement that breaks the grammar, or a {@code lease} block with an invalid or missing
 * value, is recorded as a {@link MalformedLease} and skipped up to the end of its block, and the
 * statements after it are still parsed. When {@code lease}, {@code lease6} or
 * {@code default-duid} starts a statement inside an open block, the block is taken to lack its
 * closing brace, so the statement that follows is not lost.
 *
 * <p>A file that ends inside a block, a statement or a string gives an
 * {@link IncompleteLeaseFile} and no leases.
 *
 * <p>NOTE: dhclient rewrites its lease file in place, for example at start-up: it truncates the
 * file and writes it again. So a reader can catch a file that ends between two blocks. Such a
 * file parses as a complete {@link LeaseFile} with fewer leases, or none. A caller that reacts
 * to file changes should wait until the file has been quiet for a moment before it acts on a
 * lease that vanished.
 */
public final class LeaseFileParser {

    private final String source;
    private final String text;
    private final LeaseFileTokenizer tokenizer;
    private final List<DhcpLease> leases = new ArrayList<>();
    private final List<MalformedLease> malformed = new ArrayList<>();
    private String defaultDuid;
    private int lease6BlockCount;
    private Token peeked;
    private Token previous;
    /** Number of opening braces read and not yet closed. */
    private int depth;
    /** The reason to report if the file ends now, such as "inside the lease block that ...". */
    private String context = "";

    private LeaseFileParser(String source, String text) {
        this.source = source;
        this.text = text;
        this.tokenizer = new LeaseFileTokenizer(text);
    }

    /**
     * Reads and parses a lease file. The bytes are decoded as UTF-8, and invalid sequences
     * become U+FFFD, so a file cut in the middle of a character still parses.
     *
     * @param file the lease file, for example {@code /var/lib/dhcp/dhclient.eth0.leases}
     * @return the leases, or an {@link IncompleteLeaseFile} if the file ends inside a statement
     * @throws java.nio.file.NoSuchFileException if the file does not exist, which is normal for
     *         an interface that never ran dhclient
     * @throws IOException if the file cannot be read
     */
    public static LeaseFileResult parse(Path file) throws IOException {
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return parse(file.toString(), content);
    }

    /**
     * Parses the text of a lease file.
     *
     * @param source the name used in results and messages, usually the file path
     * @param text the file's content
     * @return the leases, or an {@link IncompleteLeaseFile} if the text ends inside a statement
     */
    public static LeaseFileResult parse(String source, String text) {
        return new LeaseFileParser(source, text).parseFile();
    }

    private LeaseFileResult parseFile() {
        try {
            while (peek().type() != Token.Type.END) {
                parseTopLevelStatement();
            }
        } catch (IncompleteInputException e) {
            return new IncompleteLeaseFile(source, e.line(), e.column(), e.getMessage());
        }
        return new LeaseFile(source, leases, malformed, Optional.ofNullable(defaultDuid),
                lease6BlockCount);
    }

    private void parseTopLevelStatement() {
        Token keyword = next();
        context = "inside the statement that starts at line " + keyword.line();
        String name = keyword.type() == Token.Type.WORD
                ? keyword.text().toLowerCase(Locale.ROOT)
                : "";
        try {
            switch (name) {
                case "lease" -> parseLease(keyword);
                case "lease6" -> parseLease6(keyword);
                case "default-duid" -> parseDefaultDuid();
                default -> rejectUnknownStatement(keyword);
            }
        } catch (LeaseSyntaxException e) {
            skipRestOfStatement();
            report(e, "skipped the statement that starts at line " + keyword.line());
        }
    }

    private void parseLease(Token keyword) {
        expect(Token.Type.LEFT_BRACE, "after lease");
        context = "inside the lease block that starts at line " + keyword.line();
        int blockDepth = depth;
        try {
            LeaseBuilder lease = new LeaseBuilder(keyword);
            while (peek().type() != Token.Type.RIGHT_BRACE) {
                rejectMissingBrace(keyword);
                parseLeaseStatement(lease);
            }
            next();
            leases.add(lease.build());
        } catch (LeaseSyntaxException e) {
            skipRestOfBlock(blockDepth);
            report(e, "skipped the lease block that starts at line " + keyword.line());
        }
    }

    private void parseLeaseStatement(LeaseBuilder lease) {
        Token keyword = next();
        if (keyword.type() != Token.Type.WORD) {
            throw new LeaseSyntaxException(keyword, "expected a lease statement such as interface,"
                    + " fixed-address or option, found " + keyword.describe());
        }
        switch (keyword.text().toLowerCase(Locale.ROOT)) {
            case "interface" -> {
                Token name = expect(Token.Type.STRING, "after interface");
                expect(Token.Type.SEMICOLON, "after the interface name");
                lease.interfaceName(keyword, name.value());
            }
            case "fixed-address" -> {
                Token address = expect(Token.Type.WORD, "after fixed-address");
                expect(Token.Type.SEMICOLON, "after the fixed address");
                lease.fixedAddress(keyword, parseAddress(keyword, address));
            }
            case "option" -> parseOption(lease);
            case "renew", "rebind", "expire" -> lease.time(keyword, parseTime(keyword));
            default -> lease.declaration(keyword, parseValue(keyword.text()));
        }
    }

    private void parseOption(LeaseBuilder lease) {
        Token name = expect(Token.Type.WORD, "after option");
        OptionValue value = parseValue("option " + name.text());
        Optional<String> problem = KnownOptions.findProblem(name.text(), value);
        if (problem.isPresent()) {
            throw new LeaseSyntaxException(name, "invalid option " + name.text() + " \""
                    + value.text() + "\": " + problem.get());
        }
        lease.option(name, value);
    }

    private Instant parseTime(Token keyword) {
        List<Token> words = new ArrayList<>();
        while (peek().type() == Token.Type.WORD) {
            words.add(next());
        }
        expect(Token.Type.SEMICOLON,
                "after the " + keyword.text().toLowerCase(Locale.ROOT) + " time");
        String value = words.isEmpty() ? ""
                : text.substring(words.getFirst().start(), words.getLast().end());
        return LeaseTimes.parse(keyword, words, value);
    }

    private Inet4Address parseAddress(Token keyword, Token address) {
        try {
            return KnownOptions.parseAddress(address.text());
        } catch (IllegalArgumentException e) {
            throw new LeaseSyntaxException(address,
                    "invalid " + keyword.text().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }

    /**
     * Reads a value up to and including its semicolon: comma-separated elements, each made of one
     * or more words or strings. The value may be empty.
     *
     * @param owner the statement, such as {@code option routers}, for error messages
     */
    private OptionValue parseValue(String owner) {
        List<String> elements = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        int start = -1;
        int end = -1;
        while (true) {
            Token token = next();
            switch (token.type()) {
                case WORD, STRING -> {
                    parts.add(token.requireValid().value());
                    start = start < 0 ? token.start() : start;
                    end = token.end();
                }
                case COMMA, SEMICOLON -> {
                    boolean last = token.type() == Token.Type.SEMICOLON;
                    if (parts.isEmpty() && (!last || !elements.isEmpty())) {
                        throw new LeaseSyntaxException(token, "expected a value in " + owner
                                + ", found " + token.describe());
                    }
                    if (!parts.isEmpty()) {
                        elements.add(String.join(" ", parts));
                        parts.clear();
                    }
                    if (last) {
                        String valueText = start < 0 ? "" : text.substring(start, end);
                        return new OptionValue(valueText, elements);
                    }
                }
                default -> throw new LeaseSyntaxException(token,
                        "expected \";\" after the value of " + owner + ", found "
                                + token.describe());
            }
        }
    }

    private void parseLease6(Token keyword) {
        expect(Token.Type.LEFT_BRACE, "after lease6");
        context = "inside the lease6 block that starts at line " + keyword.line();
        if (!skipRestOfBlock(depth)) {
            throw missingBrace(keyword, peek());
        }
        lease6BlockCount++;
    }

    private void parseDefaultDuid() {
        Token duid = expect(Token.Type.STRING, "after default-duid");
        expect(Token.Type.SEMICOLON, "after the default-duid string");
        defaultDuid = HexFormat.ofDelimiter(":").formatHex(duid.bytes());
    }

    private void rejectUnknownStatement(Token keyword) {
        // Skip first: a file cut inside a keyword, such as "lea", must count as incomplete, not
        // as an unknown statement.
        skipRestOfStatement();
        throw new LeaseSyntaxException(keyword,
                "expected lease, lease6 or default-duid, found " + keyword.describe());
    }

    private void rejectMissingBrace(Token blockKeyword) {
        Token token = peek();
        if (isTopLevelKeyword(token)) {
            throw missingBrace(blockKeyword, token);
        }
    }

    private LeaseSyntaxException missingBrace(Token blockKeyword, Token found) {
        return new LeaseSyntaxException(found, "expected \"}\" to close the "
                + blockKeyword.text().toLowerCase(Locale.ROOT) + " block that starts at line "
                + blockKeyword.line() + ", found " + found.describe());
    }

    /**
     * Skips tokens until the block that was open at {@code blockDepth} is closed, or until a
     * top-level keyword starts a statement, which means that the block lacks its closing brace.
     *
     * @return true if the block was closed, false if a top-level keyword was found first
     * @throws IncompleteInputException if the file ends first
     */
    private boolean skipRestOfBlock(int blockDepth) {
        while (depth >= blockDepth) {
            if (isTopLevelKeyword(peek())) {
                depth = blockDepth - 1;
                return false;
            }
            next();
        }
        return true;
    }

    /**
     * Skips tokens up to the end of the current top-level statement: a semicolon outside any
     * block, or the closing brace of a block that the statement opened. Stops early at a
     * top-level keyword that starts a statement.
     */
    private void skipRestOfStatement() {
        while (!isStatementEnd() && !isTopLevelKeyword(peek())) {
            next();
        }
    }

    private boolean isStatementEnd() {
        return depth == 0 && (previous.type() == Token.Type.SEMICOLON
                || previous.type() == Token.Type.RIGHT_BRACE);
    }

    private boolean isTopLevelKeyword(Token token) {
        boolean statementStart = previous == null || previous.type() == Token.Type.SEMICOLON
                || previous.type() == Token.Type.LEFT_BRACE
                || previous.type() == Token.Type.RIGHT_BRACE;
        return statementStart && (token.isWord("lease") || token.isWord("lease6")
                || token.isWord("default-duid"));
    }

    private Token expect(Token.Type type, String where) {
        Token token = next();
        if (token.type() != type) {
            throw new LeaseSyntaxException(token, "expected " + describe(type) + " " + where
                    + ", found " + token.describe());
        }
        return token.requireValid();
    }

    private static String describe(Token.Type type) {
        return switch (type) {
            case WORD -> "a word";
            case STRING -> "a quoted string";
            case LEFT_BRACE -> "\"{\"";
            case RIGHT_BRACE -> "\"}\"";
            case SEMICOLON -> "\";\"";
            case COMMA -> "\",\"";
            case END -> "end of file";
        };
    }

    private void report(LeaseSyntaxException e, String skipped) {
        String message = e.getMessage() + "; " + skipped;
        malformed.add(new MalformedLease(source, e.line(), e.column(), message));
    }

    private Token peek() {
        if (peeked == null) {
            peeked = tokenizer.next();
        }
        return peeked;
    }

    /**
     * Consumes the next token and keeps {@link #depth} up to date.
     *
     * @throws IncompleteInputException at the end of the file, because every caller is inside a
     *         statement
     */
    private Token next() {
        Token token = peek();
        if (token.type() == Token.Type.END) {
            throw new IncompleteInputException(token.line(), token.column(), context);
        }
        peeked = null;
        previous = token;
        if (token.type() == Token.Type.LEFT_BRACE) {
            depth++;
        } else if (token.type() == Token.Type.RIGHT_BRACE && depth > 0) {
            depth--;
        }
        return token;
    }
}

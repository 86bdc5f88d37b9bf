package org.networkbroker.dhclient;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Collects the statements of one {@code lease} block, rejects duplicates and builds the
 * {@link DhcpLease} once the block is closed.
 */
final class LeaseBuilder {

    private final Token leaseKeyword;
    private final Map<String, Integer> firstLines = new HashMap<>();
    private final SequencedMap<String, OptionValue> options = new LinkedHashMap<>();
    private final SequencedMap<String, OptionValue> declarations = new LinkedHashMap<>();
    private final Map<String, Instant> times = new HashMap<>();
    private String interfaceName;
    private Inet4Address fixedAddress;

    /**
     * Creates a builder for the block that starts at {@code leaseKeyword}.
     *
     * @param leaseKeyword the {@code lease} token, used as the position of "missing" errors
     */
    LeaseBuilder(Token leaseKeyword) {
        this.leaseKeyword = leaseKeyword;
    }

    void interfaceName(Token keyword, String name) {
        claim("interface statement", keyword);
        if (name.isEmpty()) {
            throw new LeaseSyntaxException(keyword,
                    "invalid interface \"\": expected an interface name");
        }
        interfaceName = name;
    }

    void fixedAddress(Token keyword, Inet4Address address) {
        claim("fixed-address statement", keyword);
        fixedAddress = address;
    }

    void time(Token keyword, Instant time) {
        String name = keyword.text().toLowerCase(Locale.ROOT);
        claim(name + " statement", keyword);
        times.put(name, time);
    }

    void option(Token name, OptionValue value) {
        claim("option " + name.text(), name);
        options.put(name.text(), value);
    }

    void declaration(Token keyword, OptionValue value) {
        String name = keyword.text().toLowerCase(Locale.ROOT);
        claim(name + " statement", keyword);
        declarations.put(name, value);
    }

    /**
     * Builds the lease.
     *
     * @throws LeaseSyntaxException if a required statement is missing
     */
    DhcpLease build() {
        requirePresent(interfaceName, "interface");
        requirePresent(fixedAddress, "fixed-address");
        for (String name : new String[] {"renew", "rebind", "expire"}) {
            requirePresent(times.get(name), name);
        }
        return new DhcpLease(interfaceName, fixedAddress, options, declarations,
                times.get("renew"), times.get("rebind"), times.get("expire"));
    }

    private void claim(String statement, Token token) {
        Integer firstLine = firstLines.putIfAbsent(statement, token.line());
        if (firstLine != null) {
            throw new LeaseSyntaxException(token, "duplicate " + statement
                    + ": expected one per lease, found the first at line " + firstLine);
        }
    }

    private void requirePresent(Object value, String statement) {
        if (value == null) {
            throw new LeaseSyntaxException(leaseKeyword,
                    "missing " + statement + " statement in the lease block");
        }
    }
}

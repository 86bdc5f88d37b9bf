package org.networkbroker.dhclient;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names, value checks and decoders of the DHCPv4 options that {@link DhcpLease} models. The names
 * are those that ISC dhclient writes in its lease file (see dhcp-options(5)).
 */
final class KnownOptions {

    static final String SUBNET_MASK = "subnet-mask";
    static final String ROUTERS = "routers";
    static final String DOMAIN_NAME_SERVERS = "domain-name-servers";
    static final String DOMAIN_NAME = "domain-name";
    static final String DOMAIN_SEARCH = "domain-search";
    static final String HOST_NAME = "host-name";
    static final String DHCP_LEASE_TIME = "dhcp-lease-time";
    static final String DHCP_SERVER_IDENTIFIER = "dhcp-server-identifier";

    /** The largest value of an unsigned 32-bit option such as dhcp-lease-time. */
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    /** The shape of a modelled option's value. */
    private enum Kind {
        ADDRESS, ADDRESS_LIST, TEXT, TEXT_LIST, SECONDS
    }

    private static final Map<String, Kind> KINDS = Map.of(
            SUBNET_MASK, Kind.ADDRESS,
            ROUTERS, Kind.ADDRESS_LIST,
            DOMAIN_NAME_SERVERS, Kind.ADDRESS_LIST,
            DOMAIN_NAME, Kind.TEXT,
            DOMAIN_SEARCH, Kind.TEXT_LIST,
            HOST_NAME, Kind.TEXT,
            DHCP_LEASE_TIME, Kind.SECONDS,
            DHCP_SERVER_IDENTIFIER, Kind.ADDRESS);

    private KnownOptions() {
    }

    /**
     * Checks the value of an option that {@link DhcpLease} models.
     *
     * @param name the option name as written in the lease file
     * @param value the option's value
     * @return what is wrong with the value, phrased as "expected ..., found ...", or empty when
     *         the value is valid or the option is not modelled
     */
    static Optional<String> findProblem(String name, OptionValue value) {
        Kind kind = KINDS.get(name);
        if (kind == null) {
            return Optional.empty();
        }
        List<String> elements = value.elements();
        boolean single = kind == Kind.ADDRESS || kind == Kind.TEXT || kind == Kind.SECONDS;
        if (single && elements.size() != 1) {
            return Optional.of("expected one value, found " + elements.size());
        }
        if (elements.isEmpty()) {
            return Optional.of("expected at least one value, found none");
        }
        for (String element : elements) {
            Optional<String> problem = findElementProblem(kind, element);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> findElementProblem(Kind kind, String element) {
        try {
            switch (kind) {
                case ADDRESS, ADDRESS_LIST -> parseAddress(element);
                case SECONDS -> parseSeconds(element);
                case TEXT, TEXT_LIST -> {
                    // Any text is valid.
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Parses an IPv4 address in dotted-quad form, as dhclient writes it. Unlike
     * {@link InetAddress#getByName}, this never looks up a host name and rejects short forms such
     * as {@code 127.1}.
     *
     * @param text the address, for example {@code 192.0.2.10}
     * @return the address
     * @throws IllegalArgumentException if the text is not four decimal numbers from 0 to 255
     *         separated by dots
     */
    static Inet4Address parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw invalidAddress(text);
        }
        byte[] bytes = new byte[4];
        for (int index = 0; index < 4; index++) {
            String part = parts[index];
            if (part.length() > 3 || !isDecimal(part)) {
                throw invalidAddress(text);
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw invalidAddress(text);
            }
            bytes[index] = (byte) value;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            // getByAddress throws only for an array whose length is neither 4 nor 16.
            throw new IllegalStateException("four address bytes rejected", e);
        }
    }

    private static IllegalArgumentException invalidAddress(String text) {
        return new IllegalArgumentException(
                "expected an IPv4 address in dotted-quad form, found \"" + text + "\"");
    }

    private static Duration parseSeconds(String text) {
        if (text.length() > 10 || !isDecimal(text) || Long.parseLong(text) > MAX_UINT32) {
            throw new IllegalArgumentException("expected a number of seconds from 0 to "
                    + MAX_UINT32 + ", found \"" + text + "\"");
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }

    /** Returns whether {@code text} is one or more ASCII digits. */
    static boolean isDecimal(String text) {
        return !text.isEmpty()
                && text.chars().allMatch(character -> character >= '0' && character <= '9');
    }

    /** Decodes a single-address option, or returns empty when {@code value} is null. */
    static Optional<Inet4Address> address(OptionValue value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(parseAddress(value.elements().getFirst()));
    }

    /** Decodes an address-list option, or returns an empty list when {@code value} is null. */
    static List<Inet4Address> addresses(OptionValue value) {
        if (value == null) {
            return List.of();
        }
        List<Inet4Address> addresses = new ArrayList<>();
        for (String element : value.elements()) {
            addresses.add(parseAddress(element));
        }
        return List.copyOf(addresses);
    }

    /** Returns the text of a single-value option, or empty when {@code value} is null. */
    static Optional<String> text(OptionValue value) {
        return value == null ? Optional.empty() : Optional.of(value.elements().getFirst());
    }

    /** Returns the elements of a list option, or an empty list when {@code value} is null. */
    static List<String> texts(OptionValue value) {
        return value == null ? List.of() : value.elements();
    }

    /** Decodes a number-of-seconds option, or returns empty when {@code value} is null. */
    static Optional<Duration> seconds(OptionValue value) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(parseSeconds(value.elements().getFirst()));
    }
}

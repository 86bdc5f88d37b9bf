package org.networkbroker.dhclient;

import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * One DHCPv4 lease from a {@code lease { ... }} block of an ISC dhclient lease file.
 *
 * <p>Equality covers every component. The maps compare as maps, so the order of options does not
 * matter, and the times compare as instants, so {@code expire 5 2026/12/04 16:23:07;} equals
 * {@code expire epoch 1796401387;}. This matches what dhclient does when it rewrites its lease
 * file at start-up: it may write the options of an unchanged lease in another order, and with
 * {@code db-time-format local} in another time format. A renewed lease has new times and so is
 * not equal to the old one. {@link #equalsIgnoringTimes} distinguishes such a renewal from a
 * change of address or options.
 *
 * @param interfaceName the network interface from the {@code interface} statement
 * @param fixedAddress the leased address from the {@code fixed-address} statement
 * @param options every {@code option} statement, by option name in file order, including the
 *         options that the accessors below decode
 * @param declarations the other statements, such as {@code filename}, {@code server-name},
 *         {@code medium} or {@code bootp}, by keyword in file order. {@code interface},
 *         {@code fixed-address}, {@code renew}, {@code rebind} and {@code expire} are not in it.
 * @param renew when dhclient starts to renew the lease with its server, or {@link #NEVER}
 * @param rebind when dhclient starts to ask any server to extend the lease, or {@link #NEVER}
 * @param expire when the lease ends, or {@link #NEVER}
 */
public record DhcpLease(
        String interfaceName,
        Inet4Address fixedAddress,
        SequencedMap<String, OptionValue> options,
        SequencedMap<String, OptionValue> declarations,
        Instant renew,
        Instant rebind,
        Instant expire) {

    /** The time that stands for {@code never} in a lease file. */
    public static final Instant NEVER = Instant.MAX;

    /**
     * Creates a lease, copies both maps and checks the options that the accessors decode.
     *
     * @throws NullPointerException if a component, a map key or a map value is null
     * @throws IllegalArgumentException if {@code interfaceName} is empty, or a decoded option such
     *         as {@code routers} has an invalid value
     */
    public DhcpLease {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(fixedAddress, "fixedAddress");
        Objects.requireNonNull(renew, "renew");
        Objects.requireNonNull(rebind, "rebind");
        Objects.requireNonNull(expire, "expire");
        if (interfaceName.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid interface name \"\": expected a network interface such as eth0");
        }
        options = copy(options);
        declarations = copy(declarations);
        for (var option : options.entrySet()) {
            String name = option.getKey();
            OptionValue value = option.getValue();
            KnownOptions.findProblem(name, value).ifPresent(problem -> {
                throw new IllegalArgumentException(
                        "invalid option " + name + " \"" + value.text() + "\": " + problem);
            });
        }
    }

    private static SequencedMap<String, OptionValue> copy(SequencedMap<String, OptionValue> map) {
        LinkedHashMap<String, OptionValue> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "value")));
        return Collections.unmodifiableSequencedMap(copy);
    }

    /** {@return the subnet-mask option} */
    public Optional<Inet4Address> subnetMask() {
        return KnownOptions.address(options.get(KnownOptions.SUBNET_MASK));
    }

    /**
     * {@return the routers option in its order, or an empty list} The first router is the
     * preferred one (RFC 2132, section 3.5).
     */
    public List<Inet4Address> routers() {
        return KnownOptions.addresses(options.get(KnownOptions.ROUTERS));
    }

    /** {@return the domain-name-servers option in its order, or an empty list} */
    public List<Inet4Address> domainNameServers() {
        return KnownOptions.addresses(options.get(KnownOptions.DOMAIN_NAME_SERVERS));
    }

    /** {@return the domain-name option} */
    public Optional<String> domainName() {
        return KnownOptions.text(options.get(KnownOptions.DOMAIN_NAME));
    }

    /**
     * {@return the domain-search option as dhclient wrote it, or an empty list} dhclient writes
     * each domain with a trailing dot, for example {@code lan.example.test.}.
     */
    public List<String> domainSearch() {
        return KnownOptions.texts(options.get(KnownOptions.DOMAIN_SEARCH));
    }

    /** {@return the host-name option} */
    public Optional<String> hostName() {
        return KnownOptions.text(options.get(KnownOptions.HOST_NAME));
    }

    /** {@return the dhcp-lease-time option, the lease duration that the server granted} */
    public Optional<Duration> leaseTime() {
        return KnownOptions.seconds(options.get(KnownOptions.DHCP_LEASE_TIME));
    }

    /**
     * {@return the dhcp-server-identifier option, the address of the server that sent the lease}
     */
    public Optional<Inet4Address> serverIdentifier() {
        return KnownOptions.address(options.get(KnownOptions.DHCP_SERVER_IDENTIFIER));
    }

    /**
     * {@return whether the lease has expired at {@code at}} A lease expires at its expire time,
     * so it is still valid one nanosecond before. A lease whose expire time is {@link #NEVER}
     * never expires.
     *
     * @param at the time to check
     */
    public boolean isExpiredAt(Instant at) {
        return !expire.isAfter(at);
    }

    /**
     * {@return whether this lease equals {@code other} apart from the renew, rebind and expire
     * times} This is the case after a renewal that kept the address and the options.
     *
     * @param other the lease to compare with
     */
    public boolean equalsIgnoringTimes(DhcpLease other) {
        return interfaceName.equals(other.interfaceName)
                && fixedAddress.equals(other.fixedAddress)
                && options.equals(other.options)
                && declarations.equals(other.declarations);
    }

    /**
     * Builds the environment variables that describe this lease to a script. Variables without a
     * value are left out, so for example a lease without a domain-name option has no
     * {@code DHCP4_DOMAIN}.
     *
     * <ul>
     *   <li>{@code DHCP_LEASE}: every statement as {@code key=value}, joined by spaces: first
     *       {@code interface} and {@code fixed-address}, then the other declarations and the
     *       options in file order, then {@code renew}, {@code rebind} and {@code expire}. This is
     *       the order in which dhclient writes a lease, so for a file that dhclient wrote it is the
     *       file's order. The key of an option is its name. The value is the decoded elements
     *       joined by commas. Times use the format of {@code DHCP4_LEASE_EXPIRY}. In keys and
     *       values, a backslash becomes {@code \\}, and each UTF-8 byte of a control character, a
     *       space or a comma becomes a backslash and three octal digits ({@code \040} for a
     *       space, {@code \054} for a comma). So spaces separate the entries and commas the
     *       elements without ambiguity.</li>
     *   <li>{@code DHCP4_ADDRESS}: the fixed address.</li>
     *   <li>{@code DHCP4_ROUTER}: the routers, comma-separated, the preferred one first.</li>
     *   <li>{@code DHCP4_SUBNET_MASK}: the subnet mask, for example {@code 255.255.255.0}.</li>
     *   <li>{@code DHCP4_DNS}: the domain name servers, comma-separated.</li>
     *   <li>{@code DHCP4_DOMAIN}: the domain name.</li>
     *   <li>{@code DHCP4_DOMAIN_SEARCH}: the search domains, comma-separated. A comma inside a
     *       domain becomes {@code \054}.</li>
     *   <li>{@code DHCP4_HOSTNAME}: the host name.</li>
     *   <li>{@code DHCP4_LEASE_EXPIRY}: the expire time in ISO-8601 UTC with whole seconds, for
     *       example {@code 2026-12-04T16:23:07Z}, or {@code never}.</li>
     * </ul>
     *
     * <p>In the {@code DHCP4_} values, a backslash becomes {@code \\} and each UTF-8 byte of a
     * control character, which no valid host or domain name contains, becomes a backslash and
     * three octal digits. This also keeps NUL, which no environment variable can hold, out of
     * the values. Spaces stay as they are.
     *
     * @return the variables by name, in the order listed above
     */
    public SequencedMap<String, String> scriptEnvironment() {
        return ScriptEnvironment.of(this);
    }
}

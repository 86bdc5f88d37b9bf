package org.networkbroker.handoff;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.networkbroker.bus.BusCallException;
import org.networkbroker.bus.BusCalls;
import org.networkbroker.dispatch.LeaseHandoff;
import org.networkbroker.event.LeaseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a lease's DNS servers and domains to systemd-resolved
 * ({@code org.freedesktop.resolve1.Manager}) and its host name to systemd-hostnamed
 * ({@code org.freedesktop.hostname1}), as {@code UseDNS=}, {@code UseDomain=} and
 * {@code UseHostname=} ask. The host name is set as the transient one; the static host name
 * stays the administrator's.
 *
 * <p>Each call waits at most 5 s. A failure (service missing, access denied, time-out) is
 * logged with the link and the call and is not remembered as done, so the next event of the
 * link tries again.
 *
 * <p>systemd-resolved rejects SetLinkDNS and SetLinkDomains with
 * {@code org.freedesktop.resolve1.LinkBusy} for a link that systemd-networkd manages
 * (systemd 252, resolved-link-bus.c), because networkd hands that link's DNS settings to
 * resolved itself. Such a reply is logged once at info and counts as done, so it is neither
 * retried nor repeated at every event of the link.
 */
public final class SystemdHandoff implements LeaseHandoff {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String RESOLVE_NAME = "org.freedesktop.resolve1";
    private static final String RESOLVE_PATH = "/org/freedesktop/resolve1";
    private static final String RESOLVE_MANAGER = "org.freedesktop.resolve1.Manager";
    private static final String HOSTNAME_NAME = "org.freedesktop.hostname1";
    private static final String HOSTNAME_PATH = "/org/freedesktop/hostname1";
    /** AF_INET and AF_INET6 from <sys/socket.h>, as resolved's SetLinkDNS expects them. */
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final String LINK_BUSY = "org.freedesktop.resolve1.LinkBusy";

    private static final Logger log = LoggerFactory.getLogger(SystemdHandoff.class);

    private final Supplier<Optional<DBusConnection>> bus;
    private final boolean useDns;
    private final boolean useDomain;
    private final boolean useHostname;
    private final Map<Integer, Handed> handed = new ConcurrentHashMap<>();

    /** The values handed over for a link; a field is null until its call succeeded. */
    private record Handed(List<String> dns, List<String> domains, String hostname) {
    }

    /**
     * Creates a hand-off.
     *
     * @param bus returns the current system bus connection, or empty while there is none
     * @param useDns whether to set the link's DNS servers in systemd-resolved
     * @param useDomain whether to set the link's domains in systemd-resolved
     * @param useHostname whether to set the transient host name in systemd-hostnamed
     */
    public SystemdHandoff(Supplier<Optional<DBusConnection>> bus, boolean useDns,
            boolean useDomain, boolean useHostname) {
        this.bus = bus;
        this.useDns = useDns;
        this.useDomain = useDomain;
        this.useHostname = useHostname;
    }

    @Override
    public void update(int ifindex, String link, Optional<LeaseData> lease) {
        Handed before = handed.getOrDefault(ifindex, new Handed(null, null, null));
        if (lease.isEmpty()) {
            if (before.dns() != null || before.domains() != null) {
                revert(ifindex, link);
            }
            handed.remove(ifindex);
            return;
        }
        LeaseData data = lease.get();
        List<String> dns = useDns ? data.dnsServers() : null;
        List<String> domains = useDomain ? domains(data) : null;
        String hostname = useHostname ? data.hostname().orElse(null) : null;
        Handed after = new Handed(
                dns == null || dns.equals(before.dns()) || setDns(ifindex, link, dns)
                        ? dns : before.dns(),
                domains == null || domains.equals(before.domains())
                        || setDomains(ifindex, link, domains) ? domains : before.domains(),
                hostname == null || hostname.equals(before.hostname())
                        || setHostname(link, hostname) ? hostname : before.hostname());
        handed.put(ifindex, after);
    }

    /**
     * Lists the lease's domain name, then its search domains, each once. One trailing dot is
     * dropped first, because dhclient writes the search list in absolute form
     * ({@code example.test.}) but the domain name without the dot, and the same domain
     * would otherwise be handed over twice.
     */
    static List<String> domains(LeaseData data) {
        List<String> domains = new ArrayList<>();
        data.domain().map(SystemdHandoff::withoutTrailingDot).ifPresent(domains::add);
        data.searchDomains().stream()
                .map(SystemdHandoff::withoutTrailingDot)
                .filter(domain -> !domains.contains(domain))
                .forEach(domains::add);
        return domains;
    }

    private static String withoutTrailingDot(String domain) {
        return domain.length() > 1 && domain.endsWith(".")
                ? domain.substring(0, domain.length() - 1) : domain;
    }

    private boolean setDns(int ifindex, String link, List<String> servers) {
        List<Object[]> entries = new ArrayList<>();
        for (String server : servers) {
            InetAddress address;
            try {
                address = InetAddress.ofLiteral(server);
            } catch (IllegalArgumentException e) {
                log.warn("DNS server skipped link={} ifindex={} server=\"{}\": not an IP"
                        + " address", link, ifindex, server);
                continue;
            }
            int family = address instanceof Inet6Address ? AF_INET6 : AF_INET;
            entries.add(new Object[] {family, address.getAddress()});
        }
        return call(link, ifindex, "SetLinkDNS", RESOLVE_NAME, RESOLVE_PATH, RESOLVE_MANAGER,
                "ia(iay)", ifindex, entries);
    }

    /** Sets the lease's domain and search list as search domains, not routing-only ones. */
    private boolean setDomains(int ifindex, String link, List<String> domains) {
        List<Object[]> entries = domains.stream()
                .map(domain -> new Object[] {domain, false})
                .toList();
        return call(link, ifindex, "SetLinkDomains", RESOLVE_NAME, RESOLVE_PATH,
                RESOLVE_MANAGER, "ia(sb)", ifindex, entries);
    }

    private void revert(int ifindex, String link) {
        call(link, ifindex, "RevertLink", RESOLVE_NAME, RESOLVE_PATH, RESOLVE_MANAGER, "i",
                ifindex);
    }

    private boolean setHostname(String link, String hostname) {
        if (!Hostnames.isValid(hostname)) {
            log.warn("host name from the lease skipped link={} hostname=\"{}\": expected"
                    + " labels of letters, digits and '-', at most 64 characters",
                    link, Hostnames.shown(hostname));
            // Remember it as handled: the same invalid name would fail again.
            return true;
        }
        return call(link, 0, "SetHostname", HOSTNAME_NAME, HOSTNAME_PATH, HOSTNAME_NAME, "sb",
                hostname, false);
    }

    private boolean call(String link, int ifindex, String member, String destination,
            String path, String interfaceName, String signature, Object... arguments) {
        Optional<DBusConnection> connection = bus.get();
        if (connection.isEmpty()) {
            log.warn("{} skipped link={} ifindex={}: no connection to the system bus", member,
                    link, ifindex);
            return false;
        }
        try {
            BusCalls.call(connection.get(), destination, path, interfaceName, member, TIMEOUT,
                    signature, arguments);
            log.info("{} done link={} ifindex={}", member, link, ifindex);
            return true;
        } catch (BusCallException e) {
            if (e.errorName().filter(LINK_BUSY::equals).isPresent()) {
                log.info("{} left to systemd-networkd link={} ifindex={}: resolved reports"
                        + " that networkd manages the link", member, link, ifindex);
                return true;
            }
            log.warn("{} failed link={} ifindex={}: {}", member, link, ifindex,
                    e.getMessage());
            return false;
        }
    }
}

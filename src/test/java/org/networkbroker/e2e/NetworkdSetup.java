package org.networkbroker.e2e;

import java.io.IOException;
import java.time.Duration;

/**
 * Links and systemd-networkd configurations for the end-to-end tests. Link-local addressing
 * and router advertisements are off, so links settle in about two seconds on IPv4 alone.
 */
final class NetworkdSetup {

    static final String SERVER_ADDRESS = "192.168.77.1";
    static final String DNS_ADDRESS = "192.168.77.53";

    private final Sandbox sandbox;

    NetworkdSetup(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Configures a veth pair: {@code server} with 192.168.77.1/24 and networkd's DHCP server,
     * {@code client} as DHCPv4 client, then creates it.
     */
    void dhcpPair(String server, String client) throws IOException {
        dhcpPair(server, client, "", "");
    }

    /**
     * Configures a veth pair as {@link #dhcpPair(String, String)} does, with more settings.
     *
     * @param serverOptions lines added to the server's {@code [DHCPServer]} section, such as
     *        {@code SendOption=12:string:name}
     * @param clientSections sections added to the client's .network file, such as
     *        {@code [DHCPv4]} with {@code UseHostname=no}
     */
    void dhcpPair(String server, String client, String serverOptions, String clientSections)
            throws IOException {
        writeDhcpServer(server, SERVER_ADDRESS, DNS_ADDRESS, serverOptions);
        sandbox.writeFile("/etc/systemd/network/20-" + client + ".network", """
                [Match]
                Name=%s

                [Network]
                DHCP=ipv4
                LinkLocalAddressing=no
                IPv6AcceptRA=no

                %s""".formatted(client, clientSections), "0644");
        sandbox.exec("networkctl", "reload");
        sandbox.exec("ip", "link", "add", server, "type", "veth", "peer", "name", client);
    }

    /**
     * Creates a veth pair whose {@code server} end runs networkd's DHCP server on
     * {@code <network>.1/24}, with {@code <network>.53} as DNS server, and whose
     * {@code client} end networkd leaves unmanaged, so another DHCP client can use it. Waits
     * until the server end is configured, so the DHCP server replies.
     *
     * @param network the first three bytes of the subnet, for example {@code 192.168.78}
     * @param serverOptions lines added to the server's {@code [DHCPServer]} section
     */
    void dhcpServerWithUnmanagedClient(String server, String client, String network,
            String serverOptions) throws IOException {
        writeDhcpServer(server, network + ".1", network + ".53", serverOptions);
        sandbox.exec("networkctl", "reload");
        sandbox.exec("ip", "link", "add", server, "type", "veth", "peer", "name", client);
        sandbox.exec("ip", "link", "set", client, "up");
        awaitState(server, "routable", "configured", Duration.ofSeconds(30));
    }

    private void writeDhcpServer(String server, String address, String dns,
            String serverOptions) throws IOException {
        sandbox.writeFile("/etc/systemd/network/10-" + server + ".network", """
                [Match]
                Name=%s

                [Network]
                Address=%s/24
                DHCPServer=yes
                LinkLocalAddressing=no
                IPv6AcceptRA=no

                [DHCPServer]
                PoolOffset=100
                PoolSize=50
                DNS=%s
                %s""".formatted(server, address, dns, serverOptions), "0644");
    }

    /** Configures both ends of a veth pair with static addresses and creates it. */
    void staticPair(String first, String firstAddress, String second, String secondAddress)
            throws IOException {
        staticLink(first, firstAddress);
        staticLink(second, secondAddress);
        sandbox.exec("networkctl", "reload");
        sandbox.exec("ip", "link", "add", first, "type", "veth", "peer", "name", second);
    }

    /**
     * Creates a veth pair whose first end has a static address and whose peer networkd does not
     * manage, so that taking the peer down survives a restart of networkd, which would bring
     * a managed link up again.
     */
    void staticLinkWithUnmanagedPeer(String link, String address, String peer)
            throws IOException {
        staticLink(link, address);
        sandbox.exec("networkctl", "reload");
        sandbox.exec("ip", "link", "add", link, "type", "veth", "peer", "name", peer);
        sandbox.exec("ip", "link", "set", peer, "up");
    }

    private void staticLink(String name, String address) throws IOException {
        staticLink(name, address, null);
    }

    /** Configures a link with a static address and, unless null, a default gateway. */
    void staticLink(String name, String address, String gateway) throws IOException {
        sandbox.writeFile("/etc/systemd/network/30-" + name + ".network", """
                [Match]
                Name=%s

                [Network]
                Address=%s
                %s
                LinkLocalAddressing=no
                IPv6AcceptRA=no
                """.formatted(name, address, gateway == null ? "" : "Gateway=" + gateway),
                "0644");
    }

    /**
     * Waits until networkctl reports a link in the given operational and setup state.
     *
     * @throws IOException if it does not within the timeout
     */
    void awaitState(String link, String operational, String setup, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = sandbox.exec("networkctl", "list", "--no-legend", "--no-pager");
            for (String line : last.split("\n")) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 5 && fields[1].equals(link)
                        && fields[3].equals(operational) && fields[4].equals(setup)) {
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("link " + link + " did not reach " + operational + "/" + setup
                + " within " + timeout.toSeconds() + " s; networkctl list:\n" + last
                + "\nsystemd-networkd log tail:\n" + tail(sandbox.networkdLog(), 30));
    }

    /** Returns the ifindex of a link inside the sandbox. */
    int ifindex(String link) throws IOException {
        return Integer.parseInt(sandbox.exec("cat", "/sys/class/net/" + link + "/ifindex")
                .strip());
    }

    /** Returns the first IPv4 address of a link inside the sandbox, without prefix length. */
    String ipv4Address(String link) throws IOException {
        String output = sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", link);
        String[] fields = output.strip().split("\\s+");
        for (int i = 0; i < fields.length - 1; i++) {
            if (fields[i].equals("inet")) {
                return fields[i + 1].substring(0, fields[i + 1].indexOf('/'));
            }
        }
        throw new IOException("no IPv4 address on " + link + ": " + output);
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }
}

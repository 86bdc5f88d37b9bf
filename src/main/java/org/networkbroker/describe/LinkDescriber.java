package org.networkbroker.describe;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.networkbroker.dispatch.LinkDescriptions;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.networkd.LeaseFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Builds the JSON description of a link that scripts get in {@code JSON} when
 * {@code EmitJSON} is on: the kernel's view over rtnetlink, networkd's states, the DNS, NTP and
 * domain settings from networkd's link state file, driver, vendor and model from sysfs, and
 * networkd's own description as {@code Networkd}. Key names follow networkd's JSON style. The
 * README lists every key.
 */
public final class LinkDescriber implements LinkDescriptions {

    /** The folder where systemd-networkd writes one state file per ifindex. */
    public static final Path NETWORKD_LINK_STATE_DIRECTORY = Path.of("/run/systemd/netif/links");

    /** Descriptions longer than this are dropped: execve(2) rejects one string over 128 KiB. */
    static final int MAX_LENGTH = 100 * 1024;

    private static final Logger log = LoggerFactory.getLogger(LinkDescriber.class);

    private final JsonFactory factory = new JsonFactory();
    private final IntFunction<Optional<String>> networkdDescription;
    private final Path linkStateDirectory;
    private final Path sysClassNet;

    /**
     * Creates a describer for the running system.
     *
     * @param networkdDescription returns networkd's {@code Link.Describe} JSON for an ifindex
     */
    public LinkDescriber(IntFunction<Optional<String>> networkdDescription) {
        this(networkdDescription, NETWORKD_LINK_STATE_DIRECTORY, Path.of("/sys/class/net"));
    }

    LinkDescriber(IntFunction<Optional<String>> networkdDescription, Path linkStateDirectory,
            Path sysClassNet) {
        this.networkdDescription = networkdDescription;
        this.linkStateDirectory = linkStateDirectory;
        this.sysClassNet = sysClassNet;
    }

    @Override
    public Optional<String> describe(int ifindex, String name, Map<String, String> states) {
        Optional<Link> link;
        List<Address> addresses;
        List<Route> routes;
        try (RtnetlinkClient client = RtnetlinkClient.open()) {
            link = client.getLink(ifindex);
            addresses = client.dumpAddresses().stream()
                    .filter(address -> address.ifindex() == ifindex).toList();
            routes = client.dumpRoutes().stream()
                    .filter(route -> route.outputInterface() == ifindex).toList();
        } catch (NetlinkException e) {
            log.warn("describing the link failed link={} ifindex={}: {}", name, ifindex,
                    e.getMessage());
            return Optional.empty();
        }
        if (link.isEmpty()) {
            return Optional.empty();
        }
        StringWriter text = new StringWriter(4096);
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            KernelJson.writeLink(json, link.get());
            writeStates(json, states);
            KernelJson.writeAddresses(json, addresses);
            KernelJson.writeRoutes(json, routes);
            writeSettings(json, ifindex);
            writeDevice(json, link.get().name());
            writeNetworkd(json, ifindex);
            json.writeEndObject();
        } catch (JacksonException e) {
            log.warn("describing the link failed link={} ifindex={}", name, ifindex, e);
            return Optional.empty();
        }
        if (text.getBuffer().length() > MAX_LENGTH) {
            log.warn("link description too long link={} ifindex={} length={} max={}; JSON left"
                    + " out", name, ifindex, text.getBuffer().length(), MAX_LENGTH);
            return Optional.empty();
        }
        return Optional.of(text.toString());
    }

    private static void writeStates(JsonGenerator json, Map<String, String> states) {
        for (Map.Entry<String, String> state : states.entrySet()) {
            json.writeStringProperty(state.getKey(), state.getValue());
        }
    }

    /** Writes DNS, NTP, Domains and RouteDomains from networkd's link state file. */
    private void writeSettings(JsonGenerator json, int ifindex) {
        Map<String, String> settings;
        try {
            settings = LeaseFile.read(linkStateDirectory, ifindex).orElse(Map.of());
        } catch (IOException e) {
            log.debug("reading the link state file failed ifindex={}", ifindex, e);
            return;
        }
        writeList(json, "DNS", settings.get("DNS"));
        writeList(json, "NTP", settings.get("NTP"));
        writeList(json, "Domains", settings.get("DOMAINS"));
        writeList(json, "RouteDomains", settings.get("ROUTE_DOMAINS"));
    }

    private static void writeList(JsonGenerator json, String key, String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return;
        }
        json.writeArrayPropertyStart(key);
        for (String item : spaceSeparated.strip().split("\\s+")) {
            json.writeString(item);
        }
        json.writeEndArray();
    }

    /** Writes Driver, Vendor and Model from sysfs, where the link has a device behind it. */
    private void writeDevice(JsonGenerator json, String name) {
        Path device = sysClassNet.resolve(name).resolve("device");
        try {
            Path driver = device.resolve("driver");
            if (Files.isSymbolicLink(driver)) {
                json.writeStringProperty("Driver",
                        Files.readSymbolicLink(driver).getFileName().toString());
            }
            for (String[] field : List.of(new String[] {"vendor", "Vendor"},
                    new String[] {"device", "Model"})) {
                Path file = device.resolve(field[0]);
                if (Files.isRegularFile(file)) {
                    json.writeStringProperty(field[1], Files.readString(file).strip());
                }
            }
        } catch (IOException e) {
            log.debug("reading sysfs failed link={}", name, e);
        }
    }

    private void writeNetworkd(JsonGenerator json, int ifindex) {
        Optional<String> description = networkdDescription.apply(ifindex);
        if (description.isPresent() && description.get().startsWith("{")) {
            json.writeName("Networkd");
            json.writeRawValue(description.get());
        }
    }
}

package org.networkbroker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends the broker the signals of a link that goes away and of a new link that the kernel
 * gives the same ifindex, and checks that the new link's states run their scripts.
 */
@Timeout(120)
class LinkLifecycleIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int IFINDEX = 1101;
    private static final String LINK = "fake3";

    private BrokerRig rig;
    private RunRecords runs;

    @BeforeEach
    void startRig() throws IOException, DBusException {
        HostTools.require(HostTools.FAKE_NETWORKD_TOOLS);
        rig = BrokerRig.create();
        runs = new RunRecords(rig.root().resolve("runs.log"));
        rig.networkd().addLink(IFINDEX, LINK, Map.of("OperationalState", "routable",
                "AdministrativeState", "configured"));
        rig.writeScript("routable", "50-record", runs.recorder("$0 $1 $2"));
        rig.writeScript("linger", "50-record", runs.recorder("$0 $1 $2"));
    }

    @AfterEach
    void closeRig() throws IOException {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void reusedIfindexRunsNewLinkScripts() throws IOException, DBusException {
        rig.startBroker();

        rig.networkd().changeLink(IFINDEX, Map.of("AdministrativeState", "linger"));
        runs.await(line -> line.endsWith("/linger.d/50-record linger " + LINK), EVENT_TIMEOUT);
        rig.networkd().changeLink(IFINDEX, Map.of("AdministrativeState", "pending",
                "OperationalState", "routable"));
        runs.await(line -> line.endsWith("/routable.d/50-record routable " + LINK),
                EVENT_TIMEOUT);

        assertThat(runs.lines()).as("script runs of the old and the new link %s", LINK)
                .containsExactly(rig.scriptRoot() + "/linger.d/50-record linger " + LINK,
                        rig.scriptRoot() + "/routable.d/50-record routable " + LINK);
    }
}

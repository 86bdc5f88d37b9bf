package org.networkbroker.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.networkbroker.event.LeaseData;

class SystemdHandoffTest {

    @Test
    void domainsDropTrailingDotAndRepeats() {
        LeaseData lease = new LeaseData(Map.of(), List.of(), Optional.of("example.test"),
                List.of("example.test.", "lan.example.test.", "lan.example.test"),
                Optional.empty());

        assertThat(SystemdHandoff.domains(lease)).as("domains for SetLinkDomains")
                .containsExactly("example.test", "lan.example.test");
    }

    @Test
    void domainsKeepRootDomain() {
        LeaseData lease = new LeaseData(Map.of(), List.of(), Optional.empty(), List.of("."),
                Optional.empty());

        assertThat(SystemdHandoff.domains(lease)).as("domains for a search list of \".\"")
                .containsExactly(".");
    }
}

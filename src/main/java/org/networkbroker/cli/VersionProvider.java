package org.networkbroker.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, which Maven fills from the POM. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"network-broker " + (version == null ? "(development build)" : version)};
    }
}

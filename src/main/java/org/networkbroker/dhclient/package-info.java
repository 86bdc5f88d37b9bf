/**
 * Reads the lease files of ISC dhclient (Debian package isc-dhcp-client, version 4.4) into
 * immutable lease values.
 *
 * <p>{@link org.networkbroker.dhclient.LeaseFileParser} turns a file into a
 * {@link org.networkbroker.dhclient.LeaseFile} of {@link org.networkbroker.dhclient.DhcpLease}s,
 * or into an {@link org.networkbroker.dhclient.IncompleteLeaseFile} while dhclient is still
 * writing it. {@link org.networkbroker.dhclient.LeaseFile#effectiveLease} selects the lease that
 * counts for an interface, and {@link org.networkbroker.dhclient.DhcpLease#scriptEnvironment}
 * describes it to a script. This package watches no files and runs no scripts.
 */
package org.networkbroker.dhclient;

package org.networkbroker.netlink;

/**
 * Lifetimes and timestamps of an address, from {@code struct ifa_cacheinfo} in
 * {@code IFA_CACHEINFO}. All values are unsigned 32-bit numbers.
 *
 * @param preferredLifetime seconds left until the address becomes deprecated, or
 *         {@link IfAddr#INFINITY_LIFE_TIME} for forever
 * @param validLifetime seconds left until the kernel removes the address, or
 *         {@link IfAddr#INFINITY_LIFE_TIME} for forever
 * @param createdTimestamp when the address was added, in hundredths of a second since boot
 * @param updatedTimestamp when the address last changed, in hundredths of a second since boot
 */
public record AddressCacheInfo(
        long preferredLifetime, long validLifetime, long createdTimestamp, long updatedTimestamp) {

    /**
     * Creates cache information and checks that each value fits in 32 bits.
     *
     * @throws IllegalArgumentException if a value is negative or above 0xFFFFFFFF
     */
    public AddressCacheInfo {
        Requirements.requireU32("preferredLifetime", preferredLifetime);
        Requirements.requireU32("validLifetime", validLifetime);
        Requirements.requireU32("createdTimestamp", createdTimestamp);
        Requirements.requireU32("updatedTimestamp", updatedTimestamp);
    }
}

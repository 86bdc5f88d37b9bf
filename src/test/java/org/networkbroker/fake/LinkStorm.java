package org.networkbroker.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;

/**
 * A stream of numbered state changes for many links, and the script that records them, so a
 * test can tell whether any change was lost or reordered per link.
 *
 * <p>Change {@code n} of a link sets {@code OperationalState} to {@code routable} or
 * {@code degraded} in turn, so every change runs one script, and {@code AddressState} to a
 * token {@code n000042} that the script appends to a file named after the link. Tokens have a
 * fixed width, so a file's size shows how many runs finished.
 */
public final class LinkStorm {

    /** The bytes one record takes: a 7-character token and a newline. */
    public static final int RECORD_BYTES = 8;
    /** The states that change runs, each needing the recorder in its folder. */
    public static final List<String> STATES = List.of("routable", "degraded");

    private static final Duration POLL = Duration.ofMillis(2);

    private final FakeNetworkd networkd;
    private final Path folder;

    /**
     * Creates a storm for links already added to the fake.
     *
     * @param networkd the fake that sends the signals
     * @param folder where the recorder script writes one file per link
     */
    public LinkStorm(FakeNetworkd networkd, Path folder) {
        this.networkd = networkd;
        this.folder = folder;
    }

    /**
     * Returns the token of change {@code n}.
     *
     * @param sequence the change number, from 0 to 999,999
     * @return {@code n} and six digits, for example {@code n000042}
     */
    public static String token(int sequence) {
        return String.format("n%06d", sequence);
    }

    /**
     * Returns the properties that change {@code n} sets.
     *
     * @param sequence the change number
     * @return {@code OperationalState} first, then {@code AddressState}
     */
    public static Map<String, String> change(int sequence) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("OperationalState", STATES.get(sequence % 2));
        properties.put("AddressState", token(sequence));
        return properties;
    }

    /**
     * Returns the recorder script: it appends the event's {@code AddressState} to a file
     * named after the link.
     *
     * @return the script's text
     */
    public String recorder() {
        return """
                #!/bin/sh
                echo "$AddressState" >> '%s'/"$LINK"
                """.formatted(folder);
    }

    /**
     * Returns the file the recorder writes for a link.
     *
     * @param link the link's name
     * @return the file, which exists after the first run
     */
    public Path file(String link) {
        return folder.resolve(link);
    }

    /**
     * Counts the finished runs of a link.
     *
     * @param link the link's name
     * @return the number of complete records in its file
     * @throws IOException if the file exists but cannot be read
     */
    public long finished(String link) throws IOException {
        Path file = file(link);
        return Files.exists(file) ? Files.size(file) / RECORD_BYTES : 0;
    }

    /**
     * Sends one change to a link.
     *
     * @param ifindex the link's ifindex
     * @param sequence the change number
     * @return the wall-clock send time in nanoseconds since the epoch
     * @throws DBusException if the signal cannot be sent
     */
    public long send(int ifindex, int sequence) throws DBusException {
        return networkd.changeLink(ifindex, change(sequence));
    }

    /**
     * Sends changes 0 to {@code perLink - 1} to every link, round robin, and keeps at most
     * {@code window} changes of a link unfinished, waiting for its runs when it has that many.
     *
     * @param links the links by ifindex, each mapped to its name
     * @param perLink the changes per link
     * @param window the unfinished changes allowed per link
     * @param timeout how long the whole storm may take
     * @throws IOException if a file cannot be read, or the runs fall behind past the timeout
     * @throws DBusException if a signal cannot be sent
     */
    public void sendPaced(Map<Integer, String> links, int perLink, int window, Duration timeout)
            throws IOException, DBusException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int sequence = 0; sequence < perLink; sequence++) {
            for (Map.Entry<Integer, String> link : links.entrySet()) {
                while (sequence - finished(link.getValue()) >= window) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("runs of " + link.getValue() + " fell behind: "
                                + finished(link.getValue()) + " of " + sequence + " finished"
                                + " after " + timeout.toSeconds() + " s");
                    }
                    Pause.sleep(POLL);
                }
                send(link.getKey(), sequence);
            }
        }
    }

    /**
     * Waits until a link's file has a number of records.
     *
     * @param link the link's name
     * @param count the records to wait for
     * @param timeout how long to wait
     * @return the records then, in file order
     * @throws IOException if fewer records are there in time
     */
    public List<String> await(String link, long count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished(link) < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + finished(link) + " of " + count + " runs of "
                        + link + " finished within " + timeout.toSeconds() + " s");
            }
            Pause.sleep(Duration.ofMillis(20));
        }
        return Files.readAllLines(file(link));
    }
}

package org.networkbroker.dhclient;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.networkbroker.event.LeaseChanged;
import org.networkbroker.event.LeaseData;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.NetworkEvent.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches ISC dhclient's lease files and reports each interface whose effective lease
 * changed: the newest unexpired lease of the interface, over all watched files.
 *
 * <p>The folders are watched with the JDK's WatchService, so files created, rewritten or
 * renamed into place after start-up are seen. A folder that is missing is watched for through
 * its nearest existing parent, and read when it appears. A file is read once it has been quiet for a
 * moment, because dhclient writes a lease in several writes. A file that ends inside a block is
 * read again later and never applied half. A lease that disappears from a file is only
 * reported gone after the file is read again and still lacks it, since dhclient truncates and
 * rewrites the file. Leases that expire are reported gone at their expiry time. All reading and
 * comparing happens on one thread, so events leave in order.
 */
public final class DhclientSource implements AutoCloseable {

    static final Duration QUIET = Duration.ofMillis(150);
    static final Duration RETRY = Duration.ofMillis(500);
    static final int MAX_RETRIES = 20;
    static final Duration CONFIRM_GONE = Duration.ofSeconds(1);
    /**
     * The maximum number of checks of the folders in a row. A check finds work for the next
     * one only while folders are being created, deleted or renamed.
     */
    static final int MAX_WATCH_PASSES = 10;

    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");
    private static final Logger log = LoggerFactory.getLogger(DhclientSource.class);

    private final LeaseFolders folders;
    private final Consumer<NetworkEvent> sink;
    private final Clock clock;
    private final Function<String, Optional<Integer>> ifindexes;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            runnable -> Thread.ofPlatform().daemon().name("dhclient-leases").unstarted(runnable));
    private final Map<Path, LeaseFile> files = new HashMap<>();
    private final Map<Path, ScheduledFuture<?>> pendingReads = new HashMap<>();
    private final Map<Path, Integer> retries = new HashMap<>();
    private final Map<String, DhcpLease> effective = new HashMap<>();
    private ScheduledFuture<?> expiryCheck;
    private final Map<Path, WatchKey> watched = new HashMap<>();
    /** Per lease folder, the folder watched for it: itself, or its nearest existing parent. */
    private final Map<Path, Path> watchedFor = new HashMap<>();
    /** Per watched folder, the file key (device and inode) of the folder its watch follows. */
    private final Map<Path, Object> watchedIds = new HashMap<>();
    /** Folders whose watch failed, so that each failure is logged once. */
    private final Set<Path> unwatchable = new HashSet<>();
    /** Whether the start-up leases were read, after which a newly watched folder is read. */
    private boolean baselineRead;
    private WatchService watcher;
    private Thread watchThread;

    /**
     * Creates a source.
     *
     * @param leaseFiles absolute lease file paths; file names may be glob patterns
     * @param sink receives the events in order; must not block
     */
    public DhclientSource(List<String> leaseFiles, Consumer<NetworkEvent> sink) {
        this(leaseFiles, sink, Clock.systemUTC(), DhclientSource::ifindexOf);
    }

    /**
     * Creates a source with its own time and interface lookup, for tests.
     *
     * @param clock decides which leases have expired
     * @param ifindexes returns the ifindex of an interface name, or empty when there is no
     *        such interface
     */
    DhclientSource(List<String> leaseFiles, Consumer<NetworkEvent> sink, Clock clock,
            Function<String, Optional<Integer>> ifindexes) {
        this.folders = new LeaseFolders(leaseFiles);
        this.sink = sink;
        this.clock = clock;
        this.ifindexes = ifindexes;
    }

    /**
     * Starts watching and reads the current leases.
     *
     * @param reportCurrent whether to report every current lease as changed, as
     *        {@code --run-startup-triggers} asks; otherwise they are the baseline
     * @throws IOException if the watch service cannot be created
     */
    public void start(boolean reportCurrent) throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        watchFolders();
        try {
            worker.submit(() -> readAll(reportCurrent ? Origin.STARTUP_TRIGGER : null)).get();
        } catch (Exception e) {
            throw new IOException("reading the dhclient lease files failed", e);
        }
        baselineRead = true;
        watchThread = Thread.ofPlatform().daemon().name("dhclient-watch").start(this::watch);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path folder = (Path) key.watchable();
                boolean refresh = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        log.warn("dhclient lease folder events lost folder={}; reading all"
                                + " lease files again", folder);
                        refresh = true;
                        rescan();
                    } else if (event.context() instanceof Path name) {
                        Path file = folder.resolve(name);
                        if (folders.matches(file)) {
                            worker.execute(() -> scheduleRead(file, QUIET));
                        }
                        refresh |= event.kind() != StandardWatchEventKinds.ENTRY_MODIFY
                                && leadsToLeaseFolder(file);
                    }
                }
                if (!key.reset()) {
                    watched.remove(folder, key);
                    refresh = true;
                }
                if (refresh) {
                    watchFolders();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            log.debug("dhclient lease watch stopped");
        }
    }

    /** Returns whether a path is a lease folder or one of its parents. */
    private boolean leadsToLeaseFolder(Path path) {
        return folders.folders().stream().anyMatch(folder -> folder.startsWith(path));
    }

    /**
     * Watches each lease folder and its parent, or while the lease folder is missing its
     * nearest existing parent, so that the folder is watched once it is created. A lease
     * folder that starts being watched after start-up is read then, because files may have
     * been written into it before.
     */
    private void watchFolders() {
        // A folder made just before the watch on its parent was set sends no event, as with
        // mkdir -p, so the folders are checked again after every watch that was set.
        boolean changed = true;
        for (int pass = 0; changed && pass < MAX_WATCH_PASSES; pass++) {
            changed = updateWatches();
        }
    }

    /**
     * Sets the watches for the folders as they are now. The parent of a lease folder is
     * watched too, because the folder's own watch follows its inode and so does not show the
     * folder being renamed away or replaced.
     *
     * @return true when a watch was set or a folder vanished meanwhile, so the folders must
     *         be checked again
     */
    private boolean updateWatches() {
        Set<Path> required = new LinkedHashSet<>();
        boolean leaseFolderChanged = false;
        for (Path folder : folders.folders()) {
            Path existing = nearestFolder(folder);
            required.add(existing);
            if (existing.equals(folder) && folder.getParent() != null) {
                required.add(folder.getParent());
            }
            Path before = watchedFor.put(folder, existing);
            if (existing.equals(before)) {
                continue;
            }
            leaseFolderChanged |= before != null;
            if (existing.equals(folder)) {
                log.info("watching dhclient lease files folder={}", folder);
            } else {
                log.info("dhclient lease folder missing folder={}; watching {} until it is"
                        + " created", folder, existing);
            }
        }
        boolean changed = false;
        for (Path folder : required) {
            if (register(folder)) {
                changed = true;
                leaseFolderChanged |= watchedFor.containsKey(folder);
            }
        }
        watched.entrySet().removeIf(entry -> {
            if (required.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().cancel();
            watchedIds.remove(entry.getKey());
            return true;
        });
        if (leaseFolderChanged && baselineRead) {
            rescan();
        }
        return changed;
    }

    private static Path nearestFolder(Path folder) {
        Path existing = folder;
        while (!Files.isDirectory(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return existing;
    }

    /**
     * Watches a folder unless the folder at that path is watched already.
     *
     * @return true when a watch was set, or when the folder vanished before it could be
     */
    private boolean register(Path folder) {
        try {
            // Read before the watch is set: a folder replaced in between then differs from
            // the recorded one at the next check, and is watched again.
            Object id = Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
            WatchKey key = watched.get(folder);
            if (key != null && key.isValid() && Objects.equals(id, watchedIds.get(folder))) {
                return false;
            }
            if (key != null) {
                key.cancel();
            }
            watched.put(folder, folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
            watchedIds.put(folder, id);
            unwatchable.remove(folder);
            return true;
        } catch (NoSuchFileException e) {
            // Removed since the check; the next pass watches its parent instead.
            return true;
        } catch (IOException e) {
            if (unwatchable.add(folder)) {
                log.error("watching the dhclient lease folder failed folder={}: its changes are"
                        + " not seen; check its permissions and fs.inotify.max_user_watches",
                        folder, e);
            }
            return false;
        }
    }

    /**
     * Reads every lease file again and reports the differences, as after the watch service
     * lost events. Runs on the source's thread, after the work queued before it.
     */
    void rescan() {
        worker.execute(() -> readAll(Origin.DHCLIENT));
    }

    /**
     * Reads the lease files in the folders and those read before, so a deleted file counts
     * as gone, then compares.
     *
     * @param origin the origin of the events, or null to record the baseline silently
     */
    private void readAll(Origin origin) {
        Set<Path> known = new HashSet<>(files.keySet());
        for (Path folder : folders.folders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path file : entries) {
                    if (folders.matches(file)) {
                        known.remove(file);
                        read(file);
                    }
                }
            } catch (IOException e) {
                log.warn("listing the dhclient lease folder failed folder={}", folder, e);
            }
        }
        known.forEach(this::read);
        compare(origin, origin == Origin.DHCLIENT);
    }

    /** Reads a file after it has been quiet; a later change of the file moves the read. */
    private void scheduleRead(Path file, Duration delay) {
        ScheduledFuture<?> pending = pendingReads.remove(file);
        if (pending != null) {
            pending.cancel(false);
        }
        pendingReads.put(file, worker.schedule(() -> {
            pendingReads.remove(file);
            if (read(file)) {
                compare(Origin.DHCLIENT, true);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Reads one file into the table of files.
     *
     * @return true when the table changed or the file is gone; false when it must be read
     *         again later
     */
    private boolean read(Path file) {
        LeaseFileResult result;
        try {
            result = LeaseFileParser.parse(file);
        } catch (NoSuchFileException e) {
            return files.remove(file) != null;
        } catch (IOException e) {
            log.warn("reading the dhclient lease file failed file={}", file, e);
            return false;
        }
        return switch (result) {
            case IncompleteLeaseFile incomplete -> retryLater(file, incomplete);
            case LeaseFile complete -> {
                retries.remove(file);
                for (MalformedLease malformed : complete.malformed()) {
                    log.warn("dhclient lease skipped: {}", malformed);
                }
                files.put(file, complete);
                yield true;
            }
        };
    }

    private boolean retryLater(Path file, IncompleteLeaseFile incomplete) {
        int attempt = retries.merge(file, 1, Integer::sum);
        if (attempt > MAX_RETRIES) {
            retries.remove(file);
            log.warn("dhclient lease file stays incomplete after {} reads; keeping its last"
                    + " complete content: {}", MAX_RETRIES, incomplete.message());
            return false;
        }
        log.debug("dhclient lease file incomplete, reading again: {}", incomplete.message());
        scheduleRead(file, RETRY);
        return false;
    }

    /**
     * Compares the effective leases with the ones reported last and reports the differences.
     *
     * @param origin the origin of the events, or null to record the baseline silently
     * @param confirmGone whether a lease that vanished from a file needs a second reading
     */
    private void compare(Origin origin, boolean confirmGone) {
        Instant now = clock.instant();
        Map<String, DhcpLease> current = effectiveLeases(now);
        Set<String> interfaces = new HashSet<>(effective.keySet());
        interfaces.addAll(current.keySet());
        boolean recheck = false;
        for (String name : interfaces) {
            DhcpLease before = effective.get(name);
            DhcpLease after = current.get(name);
            if (after == null && before != null && !before.isExpiredAt(now) && confirmGone) {
                // The file may have been read between dhclient's truncate and its write.
                recheck = true;
                continue;
            }
            if (before == null ? after == null : before.equals(after)) {
                continue;
            }
            if (after == null) {
                effective.remove(name);
            } else {
                effective.put(name, after);
            }
            if (origin != null) {
                report(name, Optional.ofNullable(after), origin);
            }
        }
        if (recheck) {
            worker.schedule(() -> {
                files.keySet().forEach(this::read);
                compare(Origin.DHCLIENT, false);
            }, CONFIRM_GONE.toMillis(), TimeUnit.MILLISECONDS);
        }
        scheduleExpiryCheck(now);
    }

    /** Picks, per interface, the newest unexpired lease; across files the latest expiry wins. */
    private Map<String, DhcpLease> effectiveLeases(Instant now) {
        Map<String, DhcpLease> current = new HashMap<>();
        for (LeaseFile file : files.values()) {
            file.effectiveLeases(now).forEach((name, lease) -> current.merge(name, lease,
                    (first, second) -> second.expire().isAfter(first.expire()) ? second : first));
        }
        return current;
    }

    private void scheduleExpiryCheck(Instant now) {
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
        }
        Optional<Instant> next = effective.values().stream()
                .map(DhcpLease::expire)
                .filter(expire -> !expire.equals(DhcpLease.NEVER))
                .min(Instant::compareTo);
        next.ifPresent(expire -> {
            long delay = Math.max(0, Duration.between(now, expire).toMillis()) + 1;
            expiryCheck = worker.schedule(() -> compare(Origin.DHCLIENT, false), delay,
                    TimeUnit.MILLISECONDS);
        });
    }

    private void report(String name, Optional<DhcpLease> lease, Origin origin) {
        Optional<Integer> ifindex = ifindexes.apply(name);
        if (ifindex.isEmpty()) {
            log.warn("dhclient lease of a missing link ignored link={}", name);
            return;
        }
        log.debug("dhclient lease changed link={} ifindex={} lease={}", name, ifindex.get(),
                lease);
        sink.accept(new LeaseChanged(ifindex.get(), name, lease.map(DhclientSource::data),
                origin));
    }

    /**
     * Reads the ifindex of an interface from sysfs. NetworkInterface.getByName would miss an
     * interface without addresses, such as one whose lease just expired, because
     * dhclient-script removes the address then and the JDK lists interfaces by address.
     *
     * @return the ifindex, or empty when the interface does not exist or the name is not a
     *         valid interface name
     */
    static Optional<Integer> ifindexOf(String name) {
        if (!isInterfaceName(name)) {
            return Optional.empty();
        }
        Path file = SYS_CLASS_NET.resolve(name).resolve("ifindex");
        try {
            return Optional.of(Integer.parseInt(Files.readString(file).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("reading the ifindex failed link={} file={}", name, file, e);
            return Optional.empty();
        }
    }

    /**
     * Checks a name against the kernel's rule for interface names (dev_valid_name in
     * net/core/dev.c): 1 to 15 bytes, not {@code .} or {@code ..}, and no {@code /},
     * {@code :} or white space. So a name from a lease file never leaves /sys/class/net.
     */
    static boolean isInterfaceName(String name) {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        return length >= 1 && length <= 15 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
    }

    static LeaseData data(DhcpLease lease) {
        return new LeaseData(lease.scriptEnvironment(),
                lease.domainNameServers().stream().map(InetAddress::getHostAddress).toList(),
                lease.domainName(), lease.domainSearch(), lease.hostName());
    }

    /** Stops watching. */
    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            log.debug("closing the watch service failed", e);
        }
        worker.shutdownNow();
    }
}

package org.networkbroker.dispatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the scripts to run for a state in the {@code <state>.d} folders of a search path.
 *
 * <p>For equal file names the earlier search folder wins, so a script in
 * {@code /etc/network-broker} replaces the packaged one in {@code /usr/lib/network-broker}, and
 * a symbolic link to {@code /dev/null} masks it. Scripts run in C-locale order of their names
 * (unsigned UTF-8 bytes). Folders are read on every event, so scripts added or removed at run
 * time take effect with the next event.
 */
public final class ScriptDirectories {

    /** The default script root, which also holds {@code network-broker.toml}. */
    public static final Path DEFAULT_ROOT = Path.of("/etc/network-broker");
    /** Where the original broker's first README put the state folders. */
    public static final Path LEGACY_ROOT = Path.of("/etc/network-event-broker");
    /** The search path used without {@code --script-dir}. */
    public static final List<Path> DEFAULT_SEARCH_PATH =
            List.of(DEFAULT_ROOT, Path.of("/usr/lib/network-broker"));
    /** The state folders created in the script root at start-up. */
    public static final List<String> CREATED_STATES = List.of("carrier", "configured",
            "degraded", "no-carrier", "routable", "manager", "routes", "addresses", "links");

    /** Backup and package-manager leftovers that must never run. */
    private static final List<String> IGNORED_SUFFIXES = List.of("~", ".dpkg-old",
            ".dpkg-new", ".dpkg-dist", ".dpkg-tmp", ".dpkg-bak", ".ucf-old", ".ucf-new",
            ".ucf-dist", ".rpmnew", ".rpmsave", ".rpmorig");

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final Comparator<String> C_LOCALE_ORDER = (left, right) -> Arrays
            .compareUnsigned(left.getBytes(StandardCharsets.UTF_8),
                    right.getBytes(StandardCharsets.UTF_8));

    private static final Logger log = LoggerFactory.getLogger(ScriptDirectories.class);

    private final List<Path> searchPath;
    private final int ownUid;
    private final Map<Path, String> warned = new ConcurrentHashMap<>();

    /**
     * Creates a script finder.
     *
     * @param searchPath the folders to search, earliest first; the first is the script root
     * @param ownUid the broker's effective uid; scripts owned by it are accepted beside root's
     * @throws IllegalArgumentException if {@code searchPath} is empty
     */
    public ScriptDirectories(List<Path> searchPath, int ownUid) {
        if (searchPath.isEmpty()) {
            throw new IllegalArgumentException("empty script search path");
        }
        this.searchPath = List.copyOf(searchPath);
        this.ownUid = ownUid;
    }

    /**
     * Builds the search path: the requested folders, with the legacy
     * {@code /etc/network-event-broker} inserted after {@code /etc/network-broker} when that
     * is listed and the legacy folder exists.
     *
     * @param requested the folders from {@code --script-dir}, or the default path
     * @return the folders to search, earliest first
     */
    public static List<Path> withLegacyRoot(List<Path> requested) {
        int root = requested.indexOf(DEFAULT_ROOT);
        if (root < 0 || requested.contains(LEGACY_ROOT) || !Files.isDirectory(LEGACY_ROOT)) {
            return requested;
        }
        List<Path> path = new ArrayList<>(requested);
        path.add(root + 1, LEGACY_ROOT);
        log.info("legacy script folder {} is searched after {}; move its scripts to {}",
                LEGACY_ROOT, DEFAULT_ROOT, DEFAULT_ROOT);
        return List.copyOf(path);
    }

    /**
     * Returns the folders searched, earliest first.
     *
     * @return the search path
     */
    public List<Path> searchPath() {
        return searchPath;
    }

    /**
     * Creates the usual state folders in the script root with mode 0755, where missing. A
     * folder that cannot be created is logged and skipped, because the broker still works
     * with the ones that exist.
     */
    public void createStateDirectories() {
        Path root = searchPath.getFirst();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            log.warn("script root {} is not a folder; no state folders created", root);
            return;
        }
        for (String state : CREATED_STATES) {
            Path folder = root.resolve(state + ".d");
            if (Files.isDirectory(folder)) {
                continue;
            }
            try {
                Files.createDirectories(root);
                Files.createDirectory(folder);
                // Set the mode explicitly: the process umask may have removed bits.
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
                log.info("created script folder {}", folder);
            } catch (FileAlreadyExistsException e) {
                log.warn("cannot create script folder {}: a file with that name exists", folder);
            } catch (IOException e) {
                log.warn("cannot create script folder {}: {}", folder, describe(e));
            }
        }
    }

    /**
     * Rescans after a reload: creates missing state folders again and forgets which skipped
     * files were already reported, so the next event warns about each of them once more.
     */
    public void rescan() {
        warned.clear();
        createStateDirectories();
    }

    /**
     * Lists the scripts that run for a state, in run order. Files that fail a check are left
     * out with one warning per file and reason.
     *
     * @param state a state name accepted by {@link StateName#isValid}
     * @return the scripts to run; empty when no folder holds any
     * @throws IllegalArgumentException if {@code state} is not a valid state name
     */
    public List<Script> scripts(String state) {
        Map<String, Path> candidates = candidates(state, this::warnFolder);
        List<Script> scripts = new ArrayList<>(candidates.size());
        for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
            Path path = candidate.getValue();
            String reason = rejectReason(path);
            if (reason == null) {
                warned.remove(path);
                scripts.add(new Script(candidate.getKey(), path));
            } else if (!reason.isEmpty() && !reason.equals(warned.put(path, reason))) {
                log.warn("script skipped script={} reason=\"{}\"", path, reason);
            }
        }
        return scripts;
    }

    /**
     * Lists the contents of a state's folders, as {@link #scripts} would find them, but logs
     * nothing: the scripts that would run and every file that would be skipped, with the
     * reason. Files that vanish while they are read are left out.
     *
     * @param state a state name accepted by {@link StateName#isValid}
     * @return the listing
     * @throws IllegalArgumentException if {@code state} is not a valid state name
     */
    public ScriptListing inspect(String state) {
        List<ScriptListing.Skipped> skipped = new ArrayList<>();
        Map<String, Path> candidates = candidates(state, (folder, e) -> skipped.add(
                new ScriptListing.Skipped(folder, "cannot read folder: " + describe(e),
                        false)));
        List<Script> scripts = new ArrayList<>(candidates.size());
        for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
            Path path = candidate.getValue();
            String reason = rejectReason(path);
            if (reason == null) {
                scripts.add(new Script(candidate.getKey(), path));
            } else if (!reason.isEmpty()) {
                skipped.add(new ScriptListing.Skipped(path, reason, false));
            } else if (isMasked(path)) {
                skipped.add(new ScriptListing.Skipped(path, "masked by a symbolic link to "
                        + DEV_NULL, true));
            }
        }
        return new ScriptListing(state, scripts, skipped);
    }

    /**
     * Lists the states that have a folder in the search path: the names of the folders
     * {@code <state>.d} whose state part is a valid state name.
     *
     * @return the state names in C-locale order, without repeats
     */
    public List<String> stateNames() {
        Set<String> states = new TreeSet<>(C_LOCALE_ORDER);
        for (Path folder : stateFolders()) {
            String state = stateOf(folder);
            if (StateName.isValid(state)) {
                states.add(state);
            }
        }
        return List.copyOf(states);
    }

    /**
     * Lists the folders named {@code *.d} in the search path whose name is no valid state
     * name, such as {@code Routable.d}. No event ever runs their scripts.
     *
     * @return the folders, in search-path order
     */
    public List<Path> invalidStateFolders() {
        return stateFolders().stream()
                .filter(folder -> !StateName.isValid(stateOf(folder)))
                .toList();
    }

    /**
     * Lists the entries named {@code *.d} in the search path that are no folder, such as a
     * regular file, a broken or looping symbolic link, or an entry whose type the caller may
     * not read. A broker running as the same uid never runs scripts from them.
     *
     * @return the entries, in search-path order
     */
    public List<Path> stateEntriesNotFolders() {
        return stateEntries(false);
    }

    private List<Path> stateFolders() {
        return stateEntries(true);
    }

    private List<Path> stateEntries(boolean folders) {
        List<Path> found = new ArrayList<>();
        for (Path root : searchPath) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, "*.d")) {
                for (Path entry : entries) {
                    if (Files.isDirectory(entry) == folders
                            && !isIgnored(entry.getFileName().toString())) {
                        found.add(entry);
                    }
                }
            } catch (IOException e) {
                log.debug("listing state folders failed folder={}", root, e);
            }
        }
        found.sort(Comparator.comparing(Path::toString, C_LOCALE_ORDER));
        return found;
    }

    private static String stateOf(Path folder) {
        String name = folder.getFileName().toString();
        return name.substring(0, name.length() - ".d".length());
    }

    /** Collects the candidate files of a state by name; the earliest search folder wins. */
    private Map<String, Path> candidates(String state,
            BiConsumer<Path, IOException> unreadableFolder) {
        if (!StateName.isValid(state)) {
            throw new IllegalArgumentException("invalid state name \"" + state + "\"");
        }
        Map<String, Path> candidates = new TreeMap<>(C_LOCALE_ORDER);
        for (Path folder : searchPath) {
            collect(folder.resolve(state + ".d"), candidates, unreadableFolder);
        }
        return candidates;
    }

    private void collect(Path folder, Map<String, Path> candidates,
            BiConsumer<Path, IOException> unreadableFolder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isIgnored(name)) {
                    log.debug("file ignored path={}", entry);
                } else {
                    candidates.putIfAbsent(name, entry);
                }
            }
        } catch (IOException e) {
            unreadableFolder.accept(folder, e);
        }
    }

    private void warnFolder(Path folder, IOException e) {
        String reason = "cannot read folder: " + describe(e);
        if (!reason.equals(warned.put(folder, reason))) {
            log.warn("script folder skipped folder={} reason=\"{}\"", folder, reason);
        }
    }

    /**
     * Describes an entry named {@code *.d} that {@link #stateEntriesNotFolders} listed.
     *
     * @param entry the entry
     * @return what the entry is, or why its type cannot be read
     */
    public static String describeNotFolder(Path entry) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry,
                    BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return "a folder, created while checked";
            }
            return attributes.isRegularFile() ? "a regular file" : "a device, socket or pipe";
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(entry) ? "a symbolic link to a missing target"
                    : "nothing, because it was removed while checked";
        } catch (AccessDeniedException e) {
            return "an entry whose type is unreadable: permission denied on a folder in its"
                    + " path";
        } catch (FileSystemException e) {
            // A symbolic link loop (ELOOP) arrives here, with the reason in words.
            String reason = e.getReason() == null ? describe(e) : e.getReason();
            return "an entry whose type is unreadable: " + reason;
        } catch (IOException e) {
            return "an entry whose type is unreadable: " + describe(e);
        }
    }

    /** Names a file system failure in words; NIO's messages are often only the path. */
    static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException denied -> "permission denied";
            case java.nio.file.NoSuchFileException missing -> "no such file or folder";
            case java.nio.file.NotDirectoryException notFolder -> "not a folder";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static boolean isIgnored(String name) {
        if (name.startsWith(".")) {
            return true;
        }
        for (String suffix : IGNORED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks one candidate, following symbolic links.
     *
     * @return null when it may run, "" when it is masked or vanished (skip silently),
     *         otherwise the reason to skip it
     */
    String rejectReason(Path path) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid");
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(path) ? "broken symbolic link" : "";
        } catch (IOException e) {
            return "cannot read attributes: " + e.getMessage();
        }
        int mode = (Integer) attributes.get("mode");
        int uid = (Integer) attributes.get("uid");
        if ((mode & S_IFMT) != S_IFREG) {
            return isMasked(path) ? "" : "not a regular file";
        }
        if (uid != 0 && uid != ownUid) {
            return "owned by uid " + uid + ", expected root (0) or the broker's uid " + ownUid;
        }
        if ((mode & 0022) != 0) {
            return "writable by group or others (mode " + octal(mode) + ")";
        }
        if ((mode & 0100) == 0) {
            return "not executable by its owner (mode " + octal(mode) + ")";
        }
        return null;
    }

    private static boolean isMasked(Path path) {
        try {
            return Files.isSymbolicLink(path) && path.toRealPath().equals(DEV_NULL);
        } catch (IOException e) {
            return false;
        }
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}

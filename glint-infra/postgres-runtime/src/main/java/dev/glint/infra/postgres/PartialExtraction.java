package dev.glint.infra.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Zonky extracts the PostgreSQL binaries into {@code PG-<digest>/} and marks success with an
 * {@code .exists} file. If the extracting JVM dies half-way, the directory stays incomplete and
 * zonky's next extraction fails on files that already exist. This removes such leftovers, but only
 * those nobody is extracting right now (zonky holds a file lock on {@code epg-lock} meanwhile).
 */
final class PartialExtraction {

    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private PartialExtraction() {
    }

    /** Whether anything was removed. */
    static boolean removeFrom(Path binariesDir) throws IOException {
        if (!Files.isDirectory(binariesDir)) {
            return false;
        }
        boolean removed = false;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(binariesDir, "PG-*")) {
            for (Path version : versions) {
                if (!Files.exists(version.resolve(".exists")) && removeUnlessLocked(version)) {
                    removed = true;
                }
            }
        }
        return removed;
    }

    private static boolean removeUnlessLocked(Path version) throws IOException {
        Path lockFile = version.resolve(ZONKY_LOCK_FILE);
        try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
             FileLock lock = file.getChannel().tryLock()) {
            if (lock == null) {
                return false;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(version)) {
                for (Path entry : entries) {
                    if (!entry.equals(lockFile)) {
                        deleteRecursively(entry);
                    }
                }
            }
            return true;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    deleteRecursively(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}

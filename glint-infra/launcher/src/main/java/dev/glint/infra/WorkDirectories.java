package dev.glint.infra;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The temporary directories the infrastructure works in: made with a {@code logs/} directory, and
 * deleted at close. Loaded when the first one is made, so that the deletion in a shutdown hook
 * loads no class after a test framework closed our class loader.
 */
final class WorkDirectories {

    private static final System.Logger LOG = System.getLogger(WorkDirectories.class.getName());

    private WorkDirectories() {
    }

    /** {@code requested}, or a fresh temporary directory named {@code prefix...} when it is null. */
    static Path create(Path requested, String prefix) {
        try {
            Path dir = requested != null
                    ? Files.createDirectories(requested.toAbsolutePath().normalize())
                    : Files.createTempDirectory(prefix);
            Files.createDirectories(dir.resolve("logs"));
            return dir;
        } catch (IOException e) {
            throw new InfrastructureException("cannot create directory " + (requested != null ? requested : prefix), e);
        }
    }

    /** Never throws: what cannot be deleted is logged. */
    static void deleteRecursively(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    for (Path entry : entries) {
                        deleteRecursively(entry);
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete {0}: {1}", path, e.getMessage());
        }
    }
}

package dev.glint.infra;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a running {@code ./glint up} listens for {@code ./glint status}, {@code restart},
 * {@code stop} and {@code start}: a Unix domain socket in its data directory, so no port is needed
 * and only users who may read the data directory can use it. A data directory with a path too long
 * for a socket address gets one in the temporary directory, named after it.
 *
 * <p>Protocol: the client sends one line (the command and its arguments, separated by spaces); the
 * launcher answers with lines of text and a last line {@link #OK} or {@link #ERROR}.
 */
final class ControlSocket {

    static final String OK = "OK";
    static final String ERROR = "ERROR";

    /** sun_path holds 108 bytes on Linux, the terminating NUL included; some room is left. */
    private static final int MAX_PATH_BYTES = 100;

    private ControlSocket() {
    }

    static Path of(Path dataDir) {
        Path inDataDir = dataDir.toAbsolutePath().normalize().resolve("glint.sock");
        if (inDataDir.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES) {
            return inDataDir;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            String name = "glint-" + HexFormat.of().formatHex(digest, 0, 8) + ".sock";
            return Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

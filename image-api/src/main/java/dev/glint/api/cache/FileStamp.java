package dev.glint.api.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * What identifies one version of a file on disk: its inode, size, modification time and, on Unix,
 * its change time. A cached file whose stamp is the one taken when it was verified is the file that
 * was verified: writing to it, replacing it or touching its times (even {@code touch -r}, which
 * cannot set the change time) gives another stamp, and the file is verified again before it is served.
 */
record FileStamp(Object fileKey, long size, long modifiedNanos, long changedNanos) {

    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");

    static FileStamp of(Path file) throws IOException {
        if (UNIX) {
            Map<String, Object> unix = Files.readAttributes(file, "unix:ino,dev,size,lastModifiedTime,ctime");
            return new FileStamp(unix.get("dev") + ":" + unix.get("ino"), (Long) unix.get("size"),
                    nanos(unix.get("lastModifiedTime")), nanos(unix.get("ctime")));
        }
        BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(Objects.toString(basic.fileKey(), ""), basic.size(), nanos(basic.lastModifiedTime()), 0);
    }

    private static long nanos(Object time) {
        return ((java.nio.file.attribute.FileTime) time).to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}

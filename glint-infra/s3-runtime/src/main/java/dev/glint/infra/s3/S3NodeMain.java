package dev.glint.infra.s3;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * Runs S3Proxy with its filesystem store inside the child JVM started by the launcher, as S3Proxy's
 * own main would for these properties, and, when asked to be durable, with every acknowledged write
 * forced to disk first ({@link ForcedWritesBlobStore}).
 *
 * <p>Arguments: {@code <s3proxy.properties> durable|page-cache}. The properties name the endpoint,
 * the credentials and {@code jclouds.filesystem.basedir}.
 */
public final class S3NodeMain {

    public static final String READY_LINE = "GLINT S3 READY";

    private S3NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[1].equals("durable") || args[1].equals("page-cache"))) {
            throw new IllegalArgumentException("usage: S3NodeMain <s3proxy.properties> durable|page-cache");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            properties.load(in);
        }
        Path basedir = Path.of(properties.getProperty("jclouds.filesystem.basedir"));
        Files.createDirectories(basedir);
        BlobStore store = new FilesystemNio2BlobStore(basedir.toString());
        if (args[1].equals("durable")) {
            store = new ForcedWritesBlobStore(store, basedir);
        }
        S3Proxy proxy = S3Proxy.Builder.fromProperties(properties).blobStore(store).build();
        proxy.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                System.err.println("stopping S3Proxy failed: " + e);
            }
        }, "s3proxy-stop"));
        System.out.println(READY_LINE + " on " + properties.getProperty("s3proxy.endpoint")
                + (args[1].equals("durable") ? ", writes forced to disk" : ", writes left to the page cache"));
        System.out.flush();
    }
}

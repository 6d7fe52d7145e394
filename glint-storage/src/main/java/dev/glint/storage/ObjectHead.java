package dev.glint.storage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An object's size and ETag as the store reports them (a HEAD request), without reading its data.
 *
 * <p>Why the ETag matters: for an object written by one PUT, S3 and S3-compatible stores (S3Proxy,
 * MinIO, Ceph RGW) report the hex MD5 the store itself computed over the bytes it stored. That is a
 * checksum of what the store holds, computed by the store, so it can stand in for re-reading the
 * object. A multipart object's ETag is the MD5 of its parts' MD5s plus {@code "-<parts>"}, and some
 * stores (S3 with SSE-KMS or SSE-C, some gateways) give ETags that are no MD5 at all: for those
 * {@link #plainMd5()} is empty or, for an opaque 32-hex ETag, simply will not match.
 */
public record ObjectHead(String bucket, String key, long size, String etag) {

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    /** The ETag without quotes or weak marker, as the store computed it; "" when it gave none. */
    public String bareEtag() {
        if (etag == null) {
            return "";
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        return bare.replace("\"", "");
    }

    /** The ETag as a lower-case hex MD5 when it has the form of a single-PUT ETag; empty otherwise. */
    public Optional<String> plainMd5() {
        return plainMd5(etag);
    }

    /** {@code etag} as a lower-case hex MD5 when it has the form of a single-PUT ETag; empty otherwise. */
    public static Optional<String> plainMd5(String etag) {
        String bare = new ObjectHead(null, null, 0, etag).bareEtag();
        return MD5_HEX.matcher(bare).matches() ? Optional.of(bare.toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}

package dev.glint.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The MD5 of each part of a multipart upload as Glint sent it, checked against the ETag the store
 * answered for that part, and from them the ETag the completed object must have.
 *
 * <p>Why: S3 and the S3-compatible stores (S3Proxy, MinIO, Ceph RGW) answer each part with the MD5
 * they computed over the bytes they stored, and give the completed object the ETag
 * {@code md5(md5(part 1) || ... || md5(part n))-n}. Glint hashes every part over the same buffer
 * that feeds the image's {@code checksum} and {@code os_hash_value}, so a part ETag that equals
 * Glint's MD5 shows the store holds that part as sent, and an object ETag equal to {@link #objectEtag()}
 * shows the object is made of those parts, in that order: the upload-worker can then verify a
 * multipart upload with one HEAD, as it does a single PUT, instead of reading it back. A part ETag
 * that is no MD5 (SSE-KMS, some gateways) proves nothing either way: then there is no expected ETag
 * and the upload-worker re-reads. A part ETag that is an MD5 and differs means the store holds other
 * bytes than were sent: the upload fails at once.
 */
final class PartChecksums {

    private final SortedMap<Integer, byte[]> sent = new TreeMap<>();
    private boolean opaque;

    static byte[] md5(byte[] data, int length) {
        MessageDigest md5 = newMd5();
        md5.update(data, 0, length);
        return md5.digest();
    }

    /** Records part {@code number}'s MD5 as sent and checks the store's ETag for it. */
    synchronized void part(int number, byte[] sentMd5, String storeEtag) {
        Optional<String> stored = ObjectHead.plainMd5(storeEtag);
        if (stored.isEmpty()) {
            opaque = true;
        } else if (!stored.get().equals(HexFormat.of().formatHex(sentMd5))) {
            throw new StorageException("The store's checksum of part " + number + " (" + stored.get()
                    + ") differs from that of the data sent (" + HexFormat.of().formatHex(sentMd5) + ")", null);
        }
        sent.put(number, sentMd5);
    }

    /** The ETag the completed object must have, or empty when a part's ETag was no MD5. */
    synchronized Optional<String> objectEtag() {
        if (opaque || sent.isEmpty()) {
            return Optional.empty();
        }
        MessageDigest md5 = newMd5();
        sent.values().forEach(md5::update);
        return Optional.of(HexFormat.of().formatHex(md5.digest()).toLowerCase(Locale.ROOT) + "-" + sent.size());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}

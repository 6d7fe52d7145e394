package dev.glint.storage;

import io.minio.MinioAsyncClient;
import io.minio.messages.Part;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import okhttp3.Response;

/**
 * Streams data of unknown length into one object: the stream is cut into parts that are sent while
 * the next part is read, with at most {@code concurrency} parts in flight. Memory stays bounded by
 * {@code (concurrency + 1) * partSize} whatever the object's size. Data that fits in one part goes
 * out as a single PUT. Each part's MD5 is computed beside its transfer and checked against the
 * store's answer ({@link PartChecksums}), so that the completed object can be verified by its ETag.
 */
final class MultipartUpload {

    private final MinioAsyncClient multipart;
    private final PartObserver observer;
    private final UnsignedPayloadS3Client s3;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final BlockingQueue<byte[]> freeBuffers;
    private final List<CompletableFuture<Part>> parts = new ArrayList<>();
    private final PartChecksums checksums = new PartChecksums();
    private final Executor hashing;
    private String expectedEtag;
    private int buffersCreated;
    private final int maxBuffers;

    MultipartUpload(MinioAsyncClient multipart, UnsignedPayloadS3Client s3, String bucket, String key, int partSize,
            int concurrency, PartObserver observer, Executor hashing) {
        this.hashing = hashing;
        this.multipart = multipart;
        this.observer = observer;
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.partSize = partSize;
        this.maxBuffers = concurrency + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(maxBuffers);
    }

    /** Sends everything {@code data} yields; returns the number of bytes stored. */
    long run(InputStream data) throws Exception {
        byte[] first = takeBuffer();
        int firstLength = data.readNBytes(first, 0, partSize);
        if (firstLength < partSize) {
            CompletableFuture<Void> observed = observer.observe(first, firstLength);
            close(await(s3.putObject(bucket, key, first, firstLength)));
            await(observed);
            return firstLength;
        }
        String uploadId = multipart.createMultipartUploadAsync(bucket, s3.region(), key, null, null).get()
                .result().uploadId();
        try {
            long total = sendParts(uploadId, data, first);
            multipart.completeMultipartUploadAsync(bucket, s3.region(), key, uploadId, awaitParts(), null, null).get();
            expectedEtag = checksums.objectEtag().orElse(null);
            return total;
        } catch (Exception e) {
            abortQuietly(uploadId);
            throw e;
        }
    }

    /**
     * The ETag the completed object must show, from the parts' MD5s as sent; null after a single
     * PUT (its ETag is the data's MD5) or when the store's part ETags were no MD5s.
     */
    String expectedEtag() {
        return expectedEtag;
    }

    private long sendParts(String uploadId, InputStream data, byte[] first) throws Exception {
        byte[] buffer = first;
        int length = partSize;
        long total = 0;
        int partNumber = 1;
        while (true) {
            total += length;
            send(uploadId, partNumber++, buffer, length);
            buffer = takeBuffer();
            length = data.readNBytes(buffer, 0, partSize);
            // A last part of zero bytes would be refused: a stream that ended on a part boundary is done.
            if (length == 0) {
                freeBuffers.add(buffer);
                return total;
            }
            if (length < partSize) {
                total += length;
                send(uploadId, partNumber, buffer, length);
                return total;
            }
        }
    }

    private void send(String uploadId, int partNumber, byte[] buffer, int length) throws Exception {
        CompletableFuture<Void> observed = observer.observe(buffer, length);
        CompletableFuture<byte[]> md5 = CompletableFuture.supplyAsync(() -> PartChecksums.md5(buffer, length), hashing);
        CompletableFuture<Part> part = s3.putPart(bucket, key, uploadId, partNumber, buffer, length)
                .thenApply(response -> {
                    String etag = response.header("ETag");
                    close(response);
                    return new Part(partNumber, etag);
                })
                .thenCombine(md5, (sent, hashed) -> {
                    checksums.part(partNumber, hashed, sent.etag());
                    return sent;
                })
                .thenCombine(observed, (sent, seen) -> sent);
        // The buffer is reused only once the store, the part's hash and the observer are done with it.
        CompletableFuture.allOf(part, md5, observed).whenComplete((done, failure) -> freeBuffers.add(buffer));
        parts.add(part);
        failFast();
    }

    /** Stops reading the client's stream as soon as any part has failed. */
    private void failFast() throws Exception {
        for (CompletableFuture<Part> part : parts) {
            if (part.isCompletedExceptionally()) {
                await(part);
            }
        }
    }

    private byte[] takeBuffer() throws InterruptedException {
        byte[] buffer = freeBuffers.poll();
        if (buffer != null) {
            return buffer;
        }
        if (buffersCreated < maxBuffers) {
            buffersCreated++;
            return new byte[partSize];
        }
        return freeBuffers.take();
    }

    private Part[] awaitParts() throws Exception {
        Part[] done = new Part[parts.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = await(parts.get(i));
        }
        return done;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void abortQuietly(String uploadId) {
        parts.forEach(part -> part.cancel(true));
        try {
            multipart.abortMultipartUploadAsync(bucket, s3.region(), key, uploadId, null, null).get();
        } catch (Exception ignored) {
            // The upload failed already; a leftover multipart upload is the store's to expire.
        }
    }

    private static void close(Response response) {
        response.close();
    }
}

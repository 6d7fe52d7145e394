package dev.glint.infra.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3Proxy's filesystem store writes an object to a temporary file and renames it into place, but
 * never forces either to disk: an object it acknowledged could be empty or missing after the
 * machine crashes, while the database already calls the image active. This store answers a write
 * only once the object's file and every directory from it up to the store's root are on disk.
 */
class ForcedWritesBlobStore extends ForwardingBlobStore {

    private final Path root;

    ForcedWritesBlobStore(BlobStore delegate, Path root) {
        super(delegate);
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
        PutObjectResponse response = super.putBlob(request, input);
        forceObject(request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        forceObject(request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        forceObject(request.bucket(), request.key());
        return response;
    }

    /** The object's file, then each directory up to the root, so the rename that made it visible survives too. */
    void forceObject(String bucket, String key) {
        Path file = root.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            // A layout this class does not know (versioned buckets): nothing it could name to force.
            return;
        }
        force(file);
        for (Path directory = file.getParent(); directory != null && directory.startsWith(root);
                directory = directory.getParent()) {
            force(directory);
        }
    }

    /** fsync(2) of a file or directory; Linux allows it on a descriptor opened for reading. */
    void force(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force " + path + " to disk", e);
        }
    }
}

package dev.glint.storage;

import io.minio.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Sends object data with {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}: the request is still
 * signed with SigV4 (by MinIO's signer), but its body is not hashed for the signature.
 *
 * <p>Why: over plain HTTP the MinIO client hashes every part with SHA-256 and copies it through its
 * own part buffers before sending it, and it sends one part at a time; a streamed put spent its time
 * there, not on the network. Image data is hashed anyway (MD5 and os_hash on the way in), and the
 * upload-worker checks the store's own MD5 of what it wrote (the ETag) against that MD5, or re-reads
 * the object, so a third hash buys nothing. The MinIO client cannot send a body it did not hash,
 * hence these few requests of our own.
 */
final class UnsignedPayloadS3Client {

    private static final MediaType OCTET_STREAM = MediaType.parse("application/octet-stream");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    UnsignedPayloadS3Client(OkHttpClient http, String endpoint, String region, String accessKey, String secretKey) {
        this.http = http;
        this.endpoint = HttpUrl.get(endpoint);
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** PUT of a whole object in one request. */
    CompletableFuture<Response> putObject(String bucket, String key, byte[] data, int length) {
        return put(url(bucket, key).build(), data, length);
    }

    /** PUT of one part of a multipart upload; the response carries the part's ETag. */
    CompletableFuture<Response> putPart(String bucket, String key, String uploadId, int partNumber, byte[] data,
            int length) {
        return put(url(bucket, key)
                .addQueryParameter("partNumber", Integer.toString(partNumber))
                .addQueryParameter("uploadId", uploadId)
                .build(), data, length);
    }

    /**
     * PUT of a whole object whose length is known, streamed from {@code data} on the calling thread:
     * nothing but a few read buffers is held. Each chunk is shown to {@code observer} as it goes.
     */
    Response putStream(String bucket, String key, InputStream data, long length, PartObserver observer)
            throws Exception {
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public boolean isOneShot() {
                // The client's stream cannot be read twice: OkHttp must not retry with it.
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                new StreamCopy(data, observer).copy(sink, length);
            }
        };
        Response response = http.newCall(signed(url(bucket, key).build(), body)).execute();
        if (!response.isSuccessful()) {
            try (response) {
                String text = response.body().string();
                throw new IOException("PUT " + key + " answered " + response.code() + ": "
                        + text.substring(0, Math.min(text.length(), 300)));
            }
        }
        return response;
    }

    private Request signed(HttpUrl url, RequestBody body) throws Exception {
        return Signer.signV4S3(new Request.Builder()
                .url(url)
                .header("Host", url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port())
                .header("x-amz-date", AMZ_DATE.format(Instant.now()))
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .put(body)
                .build(), region, accessKey, secretKey, "UNSIGNED-PAYLOAD");
    }

    private HttpUrl.Builder url(String bucket, String key) {
        // Path-style, as every S3-compatible store understands it.
        return endpoint.newBuilder().addPathSegment(bucket).addPathSegments(key);
    }

    private CompletableFuture<Response> put(HttpUrl url, byte[] data, int length) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Request request;
        try {
            request = signed(url, RequestBody.create(data, OCTET_STREAM, 0, length));
        } catch (Exception e) {
            result.completeExceptionally(e);
            return result;
        }
        http.newCall(request).enqueue(new Callback() {
            @Override
            public void onResponse(Call call, Response response) {
                if (response.isSuccessful()) {
                    result.complete(response);
                    return;
                }
                try (response) {
                    String body = response.body().string();
                    result.completeExceptionally(new IOException("PUT " + url.encodedPath() + " answered "
                            + response.code() + ": " + body.substring(0, Math.min(body.length(), 300))));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    String region() {
        return region;
    }
}

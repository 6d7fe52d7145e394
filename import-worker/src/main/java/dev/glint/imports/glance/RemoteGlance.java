package dev.glint.imports.glance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.imports.WebDownloadConfig;
import dev.glint.imports.config.ImportConfig;
import dev.glint.imports.domain.ImportFailure;
import dev.glint.imports.source.HttpSource;
import dev.glint.imports.source.OpenedSource;
import dev.glint.imports.source.SourceException;
import dev.glint.imports.source.SourceStream;
import dev.glint.persistence.ImportCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;

/**
 * glance-download's two calls to another region's image service, with the caller's token: the
 * image ({@code GET /v2/images/{id}}) and its data ({@code GET /v2/images/{id}/file}). Both go
 * through the web-download filter and source, as in Glance (its glance-download URL passes the same
 * filtering), so the operator's network rules, timeouts and redirect checks hold here too; the
 * token is sent only to the endpoint's own origin.
 */
@ApplicationScoped
public class RemoteGlance {

    /** A Glance image is a few KiB of JSON; anything far larger is not one. */
    private static final int MAX_IMAGE_JSON = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpSource http;
    private final ImportConfig config;

    public RemoteGlance(WebDownloadConfig webDownload, ImportConfig config) {
        this.http = HttpSource.from(webDownload).labelled("glance-download");
        this.config = config;
    }

    /** The remote image, which must be active, with the properties to copy. */
    public RemoteImage describe(ImportCredentials.Credential credential, UUID id) {
        String url = endpoint(credential) + "/v2/images/" + id;
        Map<String, Object> image;
        try (InputStream body = open(url, credential).body()) {
            byte[] bytes = body.readNBytes(MAX_IMAGE_JSON + 1);
            if (bytes.length > MAX_IMAGE_JSON) {
                throw new ImportFailure("Remote image " + id + " is not a Glance image: its description is over "
                        + MAX_IMAGE_JSON + " bytes.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(bytes, Map.class);
            image = parsed;
        } catch (SourceException e) {
            throw new ImportFailure("Remote image " + id + " could not be read: " + e.getMessage() + ".", e);
        } catch (IOException e) {
            throw new ImportFailure("Remote image " + id + " is not a Glance image (" + e.getMessage() + ").", e);
        }
        if (!"active".equals(image.get("status"))) {
            // Glance's rule and words: only an active image has data to download.
            throw new ImportFailure("Source image status should be active instead of " + image.get("status") + ".");
        }
        if (!(image.get("disk_format") instanceof String disk) || !(image.get("container_format") instanceof String container)) {
            throw new ImportFailure("Remote image " + id + " has no disk_format or container_format.");
        }
        long size = image.get("size") instanceof Number number ? number.longValue() : -1;
        return new RemoteImage(id, disk, container, size, CopiedProperties.select(image, config.glanceDownload().properties()));
    }

    /** The remote image's data; its length is checked against the size the remote image reported. */
    public OpenedSource open(ImportCredentials.Credential credential, RemoteImage image) {
        String url = endpoint(credential) + "/v2/images/" + image.id() + "/file";
        try {
            SourceStream data = open(url, credential);
            long length = data.contentLength().orElse(-1);
            if (length >= 0 && image.size() >= 0 && length != image.size()) {
                data.body().close();
                throw new ImportFailure("Remote image " + image.id() + " sends " + length + " bytes of data, but its "
                        + "size is " + image.size() + ".");
            }
            return new OpenedSource(data.body(), length >= 0 ? length : image.size(),
                    "glance-download source " + data.finalUri().getHost());
        } catch (IOException e) {
            throw new ImportFailure("The data of remote image " + image.id() + " could not be read: " + e.getMessage()
                    + ".", e);
        }
    }

    private SourceStream open(String url, ImportCredentials.Credential credential) throws SourceException {
        return http.open(url, credential.token() == null ? Map.of() : Map.of("X-Auth-Token", credential.token()));
    }

    private static String endpoint(ImportCredentials.Credential credential) {
        if (credential.endpoint() == null) {
            throw new ImportFailure(credential.endpointProblem());
        }
        return credential.endpoint();
    }
}

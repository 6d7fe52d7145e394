package dev.glint.reliability.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** An HTTP answer of the image API: its status and body text. */
public record Response(int status, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public Map<String, Object> json() {
        try {
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("not a JSON object (HTTP " + status + "): " + abbreviate(body), e);
        }
    }

    public static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + abbreviate(body);
    }
}

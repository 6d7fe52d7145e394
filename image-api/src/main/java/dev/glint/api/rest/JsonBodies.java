package dev.glint.api.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.api.domain.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON body of a metadata call strictly: well-formed UTF-8, no lone surrogates (which
 * JSON escapes can smuggle in), a bounded nesting depth, nothing after the document, and the
 * top-level type the call expects.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper json;
    private final ApiConfig config;

    public JsonBodies(ApiConfig config) {
        this.config = config;
        this.json = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(config.maxJsonDepth())
                        .build())
                .build())
                // {"name": "a"}x is not JSON: without this the value before the garbage was taken.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(byte[] body, String what) {
        if (read(body) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw ApiException.badRequest("The request body must be a JSON object " + what + ".");
    }

    public List<?> array(byte[] body, String what) {
        if (read(body) instanceof List<?> list) {
            return list;
        }
        throw ApiException.badRequest("The request body must be a JSON array " + what + ".");
    }

    private Object read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("The request body is empty; a JSON document is expected.");
        }
        if (body.length > config.maxBodyBytes()) {
            throw new ApiException(413, "The request body is larger than " + config.maxBodyBytes() + " bytes.");
        }
        String text = utf8(body);
        Object value;
        try {
            value = json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read: " + e.getMessage());
        }
        checkText(value);
        return value;
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The request is not valid UTF-8.");
        }
    }

    private static void checkText(Object value) {
        if (value instanceof String text) {
            requireWellFormed(text);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                requireWellFormed((String) key);
                checkText(item);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(JsonBodies::checkText);
        }
    }

    /** Refuses text with an unpaired UTF-16 surrogate: it cannot be stored or sent back as UTF-8. */
    static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || c == 0) {
                throw ApiException.badRequest("The request contains a lone surrogate or NUL character, which is "
                        + "not valid text.");
            }
        }
    }
}

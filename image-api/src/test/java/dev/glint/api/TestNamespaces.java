package dev.glint.api;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Metadata definition namespaces for tests: names unique to each call, since namespace names are global. */
final class TestNamespaces {

    static final String NAMESPACES = "/v2/metadefs/namespaces";

    private TestNamespaces() {
    }

    static String newName(String what) {
        return "Test::" + what + "::" + UUID.randomUUID();
    }

    /** Creates a namespace as {@code admin} with {@code attributes} (plus its name), and returns the name. */
    static String create(Persona admin, String what, Map<String, Object> attributes) {
        String name = newName(what);
        Map<String, Object> body = new HashMap<>(attributes);
        body.put("namespace", name);
        admin.call().contentType(ContentType.JSON).body(body).when().post(NAMESPACES).then().statusCode(201);
        return name;
    }

    static String path(String namespace, String... rest) {
        return NAMESPACES + "/" + namespace + (rest.length == 0 ? "" : "/" + String.join("/", rest));
    }
}

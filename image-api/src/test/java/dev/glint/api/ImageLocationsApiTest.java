package dev.glint.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Glance's image locations with show_multiple_locations and show_image_direct_url on: locations
 * and direct_url in the image JSON, add / replace / remove through PATCH with Glance's rules and
 * answers (status effects, validation data, schemes and stores, positions, policies), and image
 * data read through the read-only http store from a web server the test runs.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(LocationsProfile.class)
class ImageLocationsApiTest {

    private static final String PATCH = "application/openstack-images-v2.1-json-patch";
    private static final byte[] DATA = randomBytes(100_000);
    private static TestWebServer web;

    private final String project = Persona.newProject();
    private final Persona member = Persona.member(project);
    private final Persona reader = Persona.reader(project);
    private final Persona admin = Persona.admin(Persona.newProject());

    @BeforeAll
    static void start() throws IOException {
        JsonErrors.askForJson();
        web = new TestWebServer();
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }

    private String image() {
        return member.create(Map.of("name", "located", "disk_format", "raw", "container_format", "bare"));
    }

    private String served() {
        return web.put("/images/" + UUID.randomUUID() + ".raw", DATA, true);
    }

    private static ValidatableResponse patch(Persona who, String id, String operations) {
        return who.call().contentType(PATCH).body(operations.getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then();
    }

    private static String location(String url, String metadata) {
        return "{\"url\": \"" + url + "\", \"metadata\": " + metadata + "}";
    }

    private static String add(String location) {
        return "[{\"op\": \"add\", \"path\": \"/locations/-\", \"value\": " + location + "}]";
    }

    @Test
    void addingALocationActivatesAQueuedImageWithoutHashes() {
        String id = image();
        member.call().when().get("/v2/images/" + id).then().statusCode(200)
                .body("locations", hasSize(0)).body("$", not(hasKey("direct_url")));
        String url = served();
        patch(member, id, add(location(url, "{\"foo\": \"bar\"}"))).statusCode(200)
                .body("status", equalTo("active"))
                .body("locations", hasSize(1))
                .body("locations[0].url", equalTo(url))
                .body("locations[0].metadata.foo", equalTo("bar"))
                .body("locations[0].metadata.store", equalTo("http"))
                .body("direct_url", equalTo(url))
                .body("size", equalTo(DATA.length))
                .body("checksum", nullValue())
                .body("os_hash_algo", nullValue());

        String second = url + "#new";
        patch(member, id, add(location(second, "{\"speed\": \"88mph\"}"))).statusCode(200)
                .body("status", equalTo("active"))
                .body("locations.url", equalTo(List.of(url, second)))
                .body("direct_url", equalTo(url));
        // Locations are ordered: /locations/0 puts one first, and direct_url follows.
        String third = url + "#first";
        patch(member, id, "[{\"op\": \"add\", \"path\": \"/locations/0\", \"value\": " + location(third, "{}") + "}]")
                .statusCode(200).body("locations.url", equalTo(List.of(third, url, second)))
                .body("direct_url", equalTo(third));
        member.call().when().get("/v2/images").then().statusCode(200)
                .body("images.find { it.id == '" + id + "' }.locations.url", equalTo(List.of(third, url, second)));
    }

    @Test
    void replacingKeepsTheUrlsAndChangesOnlyOrderAndMetadata() {
        String id = image();
        String url = served();
        patch(member, id, add(location(url, "{\"a\": \"1\"}"))).statusCode(200);
        patch(member, id, add(location(url + "#b", "{\"b\": \"2\"}"))).statusCode(200);
        List<Map<String, Object>> original = member.call().when().get("/v2/images/" + id).then().statusCode(200)
                .extract().path("locations");

        String same = "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": ["
                + location(url, "{\"a\": \"1\", \"store\": \"http\"}") + ", " + location(url + "#b", "{\"b\": \"2\"}") + "]}]";
        patch(member, id, same).statusCode(200).body("locations", equalTo(original));
        String changed = "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": ["
                + location(url + "#b", "{\"b\": \"2\"}") + ", " + location(url, "{\"a\": \"1\", \"date\": \"2015-10-15\"}") + "]}]";
        patch(member, id, changed).statusCode(200)
                .body("locations.url", equalTo(List.of(url + "#b", url)))
                .body("locations[1].metadata.date", equalTo("2015-10-15"))
                .body("direct_url", equalTo(url + "#b"));

        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location(url, "{}") + "]}]")
                .statusCode(400);
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location(url, "{}") + ", "
                + location(url + "#other", "{}") + "]}]").statusCode(400);
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": []}]").statusCode(403);
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": ["
                + location(url + "#b", "{\"store\": \"default\"}") + ", " + location(url, "{}") + "]}]").statusCode(400);
        member.call().when().get("/v2/images/" + id).then()
                .body("locations.url", equalTo(List.of(url + "#b", url)))
                .body("locations[1].metadata.date", equalTo("2015-10-15"));
    }

    @Test
    void replacingTheLocationsOfAQueuedImageAddsThemAll() {
        String id = image();
        String url = served();
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location(url, "{}") + ", "
                + location(url + "#2", "{}") + "]}]").statusCode(200)
                .body("status", equalTo("active")).body("locations.url", equalTo(List.of(url, url + "#2")));
        String duplicated = image();
        patch(member, duplicated, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location(url, "{}")
                + ", " + location(url, "{}") + "]}]").statusCode(400);
        member.call().when().get("/v2/images/" + duplicated).then().body("status", equalTo("queued"))
                .body("locations", hasSize(0));
    }

    @Test
    void removingKeepsTheLastLocationAndNeverTouchesHttpData() {
        String id = image();
        String url = served();
        patch(member, id, add(location(url, "{}"))).statusCode(200);
        patch(member, id, add(location(url + "#2", "{}"))).statusCode(200);
        // delete_image_location: admins, and here (the profile's policy file) the owning project's members.
        patch(reader, id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(403);
        patch(member, id, "[{\"op\": \"remove\", \"path\": \"/locations/5\"}]").statusCode(400);
        patch(member, id, "[{\"op\": \"remove\", \"path\": \"/locations/x\"}]").statusCode(400);
        patch(member, id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(200)
                .body("locations.url", equalTo(List.of(url + "#2"))).body("direct_url", equalTo(url + "#2"));
        patch(admin, id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(403)
                .body("message", containsString("last location"));
        member.call().when().delete("/v2/images/" + id).then().statusCode(204);
        assertTrue(web.requests.stream().noneMatch(request -> request.startsWith("DELETE")), web.requests.toString());
        assertEquals(0L, liveLocations(id));
    }

    @Test
    void badSchemesUnknownStoresMismatchesAndMissingDataAre400() {
        String id = image();
        patch(member, id, add(location("gopher://info.cern.ch", "{\"foo\": \"bar\"}"))).statusCode(400);
        patch(member, id, add(location("file:///etc/passwd", "{}"))).statusCode(400);
        patch(member, id, add(location("swift://x/y", "{}"))).statusCode(400);
        patch(member, id, add(location("s3+http://nowhere:1/bucket/key", "{}"))).statusCode(400);
        patch(member, id, add(location(served(), "{\"store\": \"default\"}"))).statusCode(400)
                .body("message", containsString("store"));
        patch(member, id, add(location(web.url("/missing"), "{}"))).statusCode(400);
        patch(member, id, add(location(web.put("/empty-" + UUID.randomUUID(), new byte[0], true), "{}"))).statusCode(400);
        patch(member, id, add(location("http://127.0.0.1:1/closed", "{}"))).statusCode(400);
        patch(member, id, add("{\"url\": \"" + served() + "\"}")).statusCode(400);
        patch(member, id, add("{\"metadata\": {}}")).statusCode(400);
        patch(member, id, add(location("http://x/" + "a".repeat(300), "{}"))).statusCode(400);
        patch(member, id, "[{\"op\": \"add\", \"path\": \"/locations\", \"value\": " + location(served(), "{}") + "}]")
                .statusCode(400);
        patch(member, id, "[{\"op\": \"add\", \"path\": \"/locations/x\", \"value\": " + location(served(), "{}") + "}]")
                .statusCode(400);
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations/0\", \"value\": " + location(served(), "{}") + "}]")
                .statusCode(400);
        patch(member, id, "[{\"op\": \"add\", \"path\": \"/locations/0/url\", \"value\": \"x\"}]").statusCode(400);
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("queued"))
                .body("locations", hasSize(0));
        String url = served();
        patch(member, id, add(location(url, "{\"k\": \"v\"}"))).statusCode(200);
        patch(member, id, add(location(url, "{\"k\": \"v\"}"))).statusCode(400)
                .body("message", containsString("already"));
    }

    @Test
    void statusesDecideWhatMayChange() {
        String formatless = member.create(Map.of("name", "no-formats"));
        patch(member, formatless, add(location(served(), "{}"))).statusCode(400)
                .body("message", containsString("disk_format"));
        member.call().when().get("/v2/images/" + formatless).then().body("status", equalTo("queued"));

        String id = image();
        patch(member, id, add(location(served(), "{}"))).statusCode(200);
        patch(member, id, add(location(served(), "{}"))).statusCode(200);
        admin.call().when().post("/v2/images/" + id + "/actions/deactivate").then().statusCode(204);
        patch(member, id, add(location(served(), "{}"))).statusCode(409);
        patch(admin, id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(409);
        patch(member, id, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": [" + location(served(), "{}") + "]}]")
                .statusCode(409);

        String saving = image();
        TestImages.setStatus(saving, "saving");
        patch(member, saving, add(location(served(), "{}"))).statusCode(409);
    }

    @Test
    void validationDataFillsAQueuedImageAndMustMatchAfterwards() {
        String id = image();
        String url = served();
        String hash = "deadbeef".repeat(16);
        String validation = "{\"checksum\": \"" + "1".repeat(32) + "\", \"os_hash_value\": \"" + hash
                + "\", \"os_hash_algo\": \"sha512\"}";
        patch(member, id, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": " + validation + "}"))
                .statusCode(200)
                .body("status", equalTo("active"))
                .body("checksum", equalTo("1".repeat(32)))
                .body("os_hash_algo", equalTo("sha512"))
                .body("os_hash_value", equalTo(hash))
                .body("locations[0]", not(hasKey("validation_data")));
        patch(member, id, add("{\"url\": \"" + url + "#new\", \"metadata\": {}, \"validation_data\": " + validation + "}"))
                .statusCode(200).body("locations", hasSize(2));
        for (String wrong : List.of("\"checksum\": \"" + "2".repeat(32) + "\", \"os_hash_value\": \"" + hash
                        + "\", \"os_hash_algo\": \"sha512\"",
                "\"checksum\": \"" + "1".repeat(32) + "\", \"os_hash_value\": \"" + "beefdead".repeat(16)
                        + "\", \"os_hash_algo\": \"sha512\"",
                "\"checksum\": \"" + "1".repeat(32) + "\", \"os_hash_value\": \"" + hash + "\", \"os_hash_algo\": \"sha256\"")) {
            patch(member, id, add("{\"url\": \"" + url + "#x\", \"metadata\": {}, \"validation_data\": {" + wrong + "}}"))
                    .statusCode(409);
        }
        member.call().when().get("/v2/images/" + id).then().body("locations", hasSize(2))
                .body("checksum", equalTo("1".repeat(32))).body("os_hash_value", equalTo(hash));

        String other = image();
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"os_hash_algo\": "
                + "\"sha256\", \"os_hash_value\": \"" + "ab".repeat(32) + "\"}}")).statusCode(409)
                .body("message", containsString("sha512"));
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"os_hash_algo\": "
                + "\"sha512\", \"os_hash_value\": \"abcd\"}}")).statusCode(409);
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"checksum\": \""
                + "z".repeat(32) + "\", \"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + hash + "\"}}")).statusCode(409);
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"checksum\": \"abc\","
                + " \"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + hash + "\"}}")).statusCode(400);
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"os_hash_value\": \""
                + hash + "\"}}")).statusCode(400);
        patch(member, other, add("{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": {\"size\": \"1\", "
                + "\"os_hash_algo\": \"sha512\", \"os_hash_value\": \"" + hash + "\"}}")).statusCode(400);
        patch(member, other, "[{\"op\": \"replace\", \"path\": \"/locations\", \"value\": ["
                + "{\"url\": \"" + url + "\", \"metadata\": {}, \"validation_data\": " + validation + "}, "
                + "{\"url\": \"" + url + "#2\", \"metadata\": {}, \"validation_data\": {\"os_hash_algo\": \"sha512\", "
                + "\"os_hash_value\": \"" + "beefdead".repeat(16) + "\"}}]}]").statusCode(409)
                .body("message", containsString("Conflicting"));
        member.call().when().get("/v2/images/" + other).then().body("status", equalTo("queued"))
                .body("checksum", nullValue()).body("locations", hasSize(0));
    }

    @Test
    void whoMayChangeAndSeeLocations() {
        String id = image();
        patch(reader, id, add(location(served(), "{}"))).statusCode(403);
        Persona stranger = Persona.member(Persona.newProject());
        patch(stranger, id, add(location(served(), "{}"))).statusCode(404);
        String url = served();
        patch(member, id, add(location(url, "{}"))).statusCode(200);
        reader.call().when().get("/v2/images/" + id).then().body("locations.url", equalTo(List.of(url)));
        patch(admin, id, "[{\"op\": \"replace\", \"path\": \"/visibility\", \"value\": \"public\"}]").statusCode(200);
        // get_image_location is the owning project's (and admins'): others see the image but not where it is.
        stranger.call().when().get("/v2/images/" + id).then().statusCode(200)
                .body("locations", hasSize(0)).body("$", not(hasKey("direct_url")));
        admin.call().when().get("/v2/images/" + id).then().body("direct_url", equalTo(url));
    }

    @Test
    void downloadsReadThroughTheHttpStoreWithRanges() {
        String id = image();
        String path = "/images/" + UUID.randomUUID() + ".raw";
        String url = web.put(path, DATA, true);
        patch(member, id, add(location(url, "{}"))).statusCode(200);
        byte[] whole = member.call().when().get("/v2/images/" + id + "/file").then().statusCode(200)
                .header("Content-Length", String.valueOf(DATA.length)).extract().asByteArray();
        assertArrayEquals(DATA, whole);
        byte[] part = member.call().header("Range", "bytes=1000-1999").when().get("/v2/images/" + id + "/file")
                .then().statusCode(206).header("Content-Range", "bytes 1000-1999/" + DATA.length)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(DATA, 1000, 2000), part);
        assertTrue(web.requests.contains("GET " + path + " bytes=1000-1999"), web.requests.toString());

        // A server that ignores ranges still gives exactly the range asked for.
        String plain = image();
        patch(member, plain, add(location(web.put("/plain/" + UUID.randomUUID(), DATA, false), "{}"))).statusCode(200);
        byte[] tail = member.call().header("Range", "bytes=99000-").when().get("/v2/images/" + plain + "/file")
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(DATA, 99_000, DATA.length), tail);

        // Data gone from its http location: 204, as Glance answers when the store has none.
        web.remove(path);
        member.call().when().get("/v2/images/" + id + "/file").then().statusCode(204);
    }

    @Test
    void uploadedDataShowsItsStoreLocationAndCanBeReplacedByAnother() {
        String id = image();
        member.call().contentType("application/octet-stream").body(DATA).when().put("/v2/images/" + id + "/file");
        // No upload-worker runs in these tests: verify the upload by hand.
        activateUpload(id);
        Map<String, Object> copy = member.call().when().get("/v2/images/" + id).then().statusCode(200)
                .body("locations", hasSize(1))
                .body("locations[0].url", startsWith("s3+http://"))
                .body("locations[0].url", containsString("/glint-images/images/" + id + "/"))
                .body("locations[0].metadata.store", equalTo("default"))
                .extract().path("locations[0]");
        String copyUrl = (String) copy.get("url");
        member.call().when().get("/v2/images/" + id).then().body("direct_url", equalTo(copyUrl));
        Stores stores = Arc.container().instance(Stores.class).get();
        String key = copyUrl.substring(copyUrl.indexOf("/images/") + 1);
        assertTrue(stores.defaultStore().objects().stat("glint-images", key).isPresent());

        String url = served();
        patch(member, id, add(location(url, "{}"))).statusCode(200).body("locations.url", equalTo(List.of(copyUrl, url)));
        patch(admin, id, "[{\"op\": \"remove\", \"path\": \"/locations/0\"}]").statusCode(200)
                .body("locations.url", equalTo(List.of(url)));
        // The copy Glint wrote is removed from its store with its location.
        assertTrue(stores.defaultStore().objects().stat("glint-images", key).isEmpty());
        byte[] read = member.call().when().get("/v2/images/" + id + "/file").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(DATA, read);
    }

    @Test
    void s3LocationsMustNameAConfiguredStoreAndNoOtherImagesData() {
        Stores stores = Arc.container().instance(Stores.class).get();
        Stores.Store second = stores.find("second").orElseThrow();
        second.objects().ensureBucket(second.bucket());
        String key = "external/" + UUID.randomUUID();
        second.objects().put(second.bucket(), key, new ByteArrayInputStream(DATA));
        String url = Stores.url(second, key);
        String id = image();
        patch(member, id, add(location(url, "{\"store\": \"default\"}"))).statusCode(400);
        patch(member, id, add(location(url, "{}"))).statusCode(200)
                .body("locations[0].url", equalTo(url)).body("locations[0].metadata.store", equalTo("second"))
                .body("size", equalTo(DATA.length));
        assertArrayEquals(DATA, member.call().when().get("/v2/images/" + id + "/file").then().statusCode(200)
                .extract().asByteArray());

        String other = image();
        member.call().contentType("application/octet-stream").body(DATA).when().put("/v2/images/" + other + "/file");
        activateUpload(other);
        String otherCopy = member.call().when().get("/v2/images/" + other).then().extract().path("locations[0].url");
        String thief = image();
        patch(member, thief, add(location(otherCopy, "{}"))).statusCode(400)
                .body("message", containsString("another image"));
        patch(member, thief, add(location(Stores.url(stores.defaultStore(), "staging/" + other + "/data"), "{}")))
                .statusCode(400);

        // Deleting the image forgets its external s3 location; the object stays where it was.
        member.call().when().delete("/v2/images/" + id).then().statusCode(204);
        assertTrue(second.objects().stat(second.bucket(), key).isPresent());
    }

    @Test
    void theLocationsApiIsForServicesAndOwners() {
        Persona service = new Persona(project, "nova-" + UUID.randomUUID(), "service");
        String id = image();
        String url = served();
        member.call().when().get("/v2/images/" + id + "/locations").then().statusCode(403);
        reader.call().contentType(ContentType.JSON).body(Map.of("url", url)).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(403);
        member.call().contentType(ContentType.JSON).body(Map.of("url", "gopher://x/y")).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(403);
        member.call().contentType(ContentType.JSON).body(Map.of("validation_data", Map.of())).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(400);
        member.call().contentType(ContentType.JSON)
                .body(Map.of("url", url, "validation_data", Map.of("os_hash_algo", "sha512"))).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(400);
        member.call().contentType(ContentType.JSON)
                .body(Map.of("url", url, "validation_data", Map.of("os_hash_algo", "sha512", "os_hash_value", "abcd")))
                .when().post("/v2/images/" + id + "/locations").then().statusCode(400);
        member.call().contentType(ContentType.JSON).body(Map.of("url", web.url("/missing"))).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(400);

        member.call().contentType(ContentType.JSON).body(Map.of("url", url)).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(202);
        // do_secure_hash: the image is active at once, and a location_import task holds it while it hashes.
        String task = member.call().when().get("/v2/images/" + id).then().statusCode(200)
                .body("status", equalTo("active"))
                .body("os_hash_algo", equalTo("sha512"))
                .body("size", equalTo(DATA.length))
                .extract().path("os_glance_import_task");
        member.call().when().get("/v2/images/" + id + "/tasks").then().statusCode(200)
                .body("tasks[0].id", equalTo(task)).body("tasks[0].type", equalTo("location_import"))
                .body("tasks[0].input.loc_url", equalTo(url));
        member.call().contentType(ContentType.JSON).body(Map.of("url", url)).when()
                .post("/v2/images/" + id + "/locations").then().statusCode(409);
        service.call().when().get("/v2/images/" + id + "/locations").then().statusCode(200)
                .body("url", equalTo(List.of(url))).body("[0].metadata.store", equalTo("http"));
        admin.call().when().get("/v2/images/" + id + "/locations").then().statusCode(200);

        // A service may add an s3 location of a configured store; with validation data the image
        // waits in importing until its data was hashed and matched.
        Stores stores = Arc.container().instance(Stores.class).get();
        String key = "external/" + UUID.randomUUID();
        stores.defaultStore().objects().ensureBucket(stores.defaultStore().bucket());
        stores.defaultStore().objects().put(stores.defaultStore().bucket(), key, new ByteArrayInputStream(DATA));
        String verified = image();
        service.call().contentType(ContentType.JSON).body(Map.of("url", Stores.url(stores.defaultStore(), key),
                        "validation_data", Map.of("os_hash_algo", "sha256", "os_hash_value", "ab".repeat(32))))
                .when().post("/v2/images/" + verified + "/locations").then().statusCode(202);
        member.call().when().get("/v2/images/" + verified).then().body("status", equalTo("importing"))
                .body("os_hash_algo", equalTo("sha256")).body("locations", hasSize(0));
        member.call().contentType(ContentType.JSON).body(Map.of("url", url)).when()
                .post("/v2/images/" + verified + "/locations").then().statusCode(409);
    }

    @Test
    void theHttpStoreIsListedReadOnlyAndTakesNoImports() {
        member.call().when().get("/v2/info/stores").then().statusCode(200)
                .body("stores.find { it.id == 'http' }.'read-only'", equalTo("true"))
                .body("stores.find { it.id == 'default' }", not(hasKey("read-only")));
        String id = image();
        member.call().contentType("application/octet-stream").body(new byte[10]).when().put("/v2/images/" + id + "/stage")
                .then().statusCode(204);
        member.call().contentType(ContentType.JSON)
                .body(Map.of("method", Map.of("name", "glance-direct"), "stores", List.of("http")))
                .when().post("/v2/images/" + id + "/import").then().statusCode(400)
                .body("message", containsString("read-only"));
    }

    /**
     * Tempest's {@code ImageLocationsTest} as it runs them, as the owning project's member: set a
     * location, a second one, replace with the shown list and with changed metadata, the refused
     * replaces, removal down to the last one; then the validation-data tests.
     */
    @Test
    void tempestsImageLocationsFlows() throws IOException {
        String url = served();
        String id = image();
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("queued")).body("locations", hasSize(0));
        patch(member, id, json(List.of(Map.of("op", "add", "path", "/locations/-",
                "value", Map.of("metadata", Map.of("foo", "bar"), "url", url))))).statusCode(200);
        member.call().when().get("/v2/images/" + id).then().body("status", equalTo("active"))
                .body("locations.url", equalTo(List.of(url))).body("locations[0].metadata.foo", equalTo("bar"))
                .body("direct_url", equalTo(url)).body("os_hash_algo", nullValue()).body("os_hash_value", nullValue());
        patch(member, id, json(List.of(Map.of("op", "add", "path", "/locations/-",
                "value", Map.of("metadata", Map.of("speed", "88mph"), "url", url + "#new"))))).statusCode(200);
        List<Map<String, Object>> original = member.call().when().get("/v2/images/" + id).then()
                .body("locations.url", equalTo(List.of(url, url + "#new"))).body("direct_url", equalTo(url))
                .extract().path("locations");

        // test_replace_location
        patch(member, id, json(List.of(Map.of("op", "replace", "path", "/locations", "value", original)))).statusCode(200);
        Map<Object, Object> dated = new LinkedHashMap<>((Map<?, ?>) original.get(0).get("metadata"));
        dated.put("date", "2015-10-15");
        original.get(0).put("metadata", dated);
        patch(member, id, json(List.of(Map.of("op", "replace", "path", "/locations", "value", original)))).statusCode(200);
        patch(member, id, json(List.of(Map.of("op", "replace", "path", "/locations", "value", List.of(original.get(0))))))
                .statusCode(400);
        Map<String, Object> other = Map.of("metadata", original.get(1).get("metadata"), "url", url + "#new3");
        patch(member, id, json(List.of(Map.of("op", "replace", "path", "/locations", "value",
                List.of(original.get(0), other))))).statusCode(400);
        List<Map<String, Object>> shown = member.call().when().get("/v2/images/" + id).then().extract().path("locations");
        assertEquals(original, shown);

        // test_delete_locations
        patch(member, id, json(List.of(Map.of("op", "remove", "path", "/locations/0")))).statusCode(200);
        member.call().when().get("/v2/images/" + id).then().body("locations.url", equalTo(List.of(url + "#new")))
                .body("direct_url", equalTo(url + "#new"));
        patch(member, id, json(List.of(Map.of("op", "remove", "path", "/locations/0")))).statusCode(403);

        // test_set_location_with_hash, _second_matching, _not_matching
        String hashed = image();
        Map<String, String> validation = Map.of("checksum", "1".repeat(32), "os_hash_value", "deadbeef".repeat(16),
                "os_hash_algo", "sha512");
        patch(member, hashed, json(List.of(Map.of("op", "add", "path", "/locations/-", "value",
                Map.of("validation_data", validation, "metadata", Map.of(), "url", url))))).statusCode(200);
        patch(member, hashed, json(List.of(Map.of("op", "add", "path", "/locations/-", "value",
                Map.of("validation_data", validation, "metadata", Map.of(), "url", url + "#new"))))).statusCode(200);
        Map<String, String> wrong = Map.of("checksum", "2".repeat(32), "os_hash_value", "beefdead".repeat(16),
                "os_hash_algo", "sha256");
        for (String key : wrong.keySet()) {
            Map<String, String> mixed = new HashMap<>(validation);
            mixed.put(key, wrong.get(key));
            patch(member, hashed, json(List.of(Map.of("op", "add", "path", "/locations/-", "value",
                    Map.of("validation_data", mixed, "metadata", Map.of(), "url", url + "#other"))))).statusCode(409);
        }
        patch(member, hashed, json(List.of(Map.of("op", "add", "path", "/locations/-", "value",
                Map.of("validation_data", wrong, "metadata", Map.of(), "url", url + "#other"))))).statusCode(409);
        member.call().when().get("/v2/images/" + hashed).then().body("status", equalTo("active"))
                .body("locations", hasSize(2)).body("checksum", equalTo("1".repeat(32)))
                .body("os_hash_value", equalTo("deadbeef".repeat(16))).body("os_hash_algo", equalTo("sha512"))
                .body("locations[0]", not(hasKey("validation_data"))).body("locations[1]", not(hasKey("validation_data")));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String json(Object document) throws IOException {
        return JSON.writeValueAsString(document);
    }

    private static void activateUpload(String id) {
        Transactions tx = Arc.container().instance(Transactions.class).get();
        tx.awaitTransaction(session -> session.createNativeQuery(
                        "update image_locations set status = 'ACTIVE' where image_id = :id")
                .setParameter("id", UUID.fromString(id)).executeUpdate()
                .chain(() -> session.createNativeQuery("update images set status = 'active' where id = :id")
                        .setParameter("id", UUID.fromString(id)).executeUpdate()));
    }

    private static long liveLocations(String id) {
        Transactions tx = Arc.container().instance(Transactions.class).get();
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "select count(*) from ImageLocationRecord where imageId = :id and status <> :deleted", Long.class)
                .setParameter("id", UUID.fromString(id))
                .setParameter("deleted", dev.glint.persistence.LocationStatus.DELETED)
                .getSingleResult());
    }
}

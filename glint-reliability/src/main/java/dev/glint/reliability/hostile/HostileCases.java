package dev.glint.reliability.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hostile-input corpus, by class: every list filter and sort parameter with malformed values,
 * every identity header that reaches the database with values too long or odd, every text field of
 * an image, member, tag, import and task with the same, JSON bodies that are not what they claim,
 * and HTTP framing that is broken in every place a request can break (request line, headers,
 * lengths, chunks, blank lines). Requests go to image-api in trusted-headers mode.
 */
final class HostileCases {

    /** Images the per-image requests aim at, made before the run. */
    record Fixtures(String project, String queuedImage, String activeImage) {
    }

    private static final String PATCH_TYPE = "application/openstack-images-v2.1-json-patch";

    private static final List<String> FILTERS = List.of("name", "owner", "disk_format", "container_format", "checksum",
            "os_hash_algo", "os_hash_value", "id", "status", "visibility", "member_status", "os_hidden", "tag",
            "size_min", "size_max", "min_ram", "min_disk", "protected", "created_at", "updated_at", "hw_cpu_cores");

    /** Values that are wrong for some filters and odd for all: the list runs each through each filter. */
    private static final List<String> FILTER_VALUES = List.of("", "in:", "in:,", "in:,,,,", "in:\"", "in:\"a", "in:a\"b",
            "in:\"a\"b", "in:\"\"", "in:a,,b", "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "%F4%90%80%80",
            "a".repeat(300), "b".repeat(4000), "gte:", "gt:2020", "lte:9999999-01-01T00:00:00Z",
            "gte:+999999999-12-31T23:59:59Z", "lt:-999999999-01-01T00:00:00Z", "eq:2020-13-45T99:99:99Z", "neq:",
            "eq:eq:", "-1", "-0", "99999999999999999999", "9223372036854775807", "2147483648", "1e5", "0x10", "1.5",
            "true1", "TRUE", "null", "[]", "{}", "'%20OR%201=1%20--", "%5C", "%25", "%25%25", "in:%00", "caf%C3%A9",
            "%F0%9F%98%80", "in:" + ",".repeat(1500), "a,b", "%20", "%09", "pending_delete", "deleted", "killed",
            "2020-01-01T00:00:00", "gte:2020-01-01T00:00:00+25:00");

    private static final List<String> TEXT_VALUES_JSON = List.of("\"\"", "\"" + "n".repeat(256) + "\"",
            "\"" + "n".repeat(255) + "\"", "\"" + "\\ud83d\\ude00".repeat(200) + "\"", "\"\\u0000\"", "\"a\\u0000b\"",
            "\"\\ud800\"", "\"\\udfff x\"", "\"" + "x".repeat(70_000) + "\"", "123", "1e400", "-0", "true", "null", "[]",
            "[\"a\"]", "{}", "{\"a\": 1}", "\"\\u001b[31m\"", "\"\\r\\nX-Injected: 1\"");

    private final Fixtures fixtures;
    private final List<HostileCase> cases = new ArrayList<>();

    private HostileCases(Fixtures fixtures) {
        this.fixtures = fixtures;
    }

    static List<HostileCase> all(Fixtures fixtures) {
        HostileCases corpus = new HostileCases(fixtures);
        corpus.listFilters();
        corpus.sortingAndPaging();
        corpus.identityHeaders();
        corpus.createBodies();
        corpus.patches();
        corpus.members();
        corpus.tags();
        corpus.imageIds();
        corpus.imports();
        corpus.tasks();
        corpus.data();
        corpus.framing();
        corpus.limits();
        return List.copyOf(corpus.cases);
    }

    private void add(String category, String description, byte[] request, boolean refused) {
        cases.add(new HostileCase(category, description, request, refused));
    }

    // ---- requests -------------------------------------------------------------------------------

    private Map<String, String> identity() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Identity-Status", "Confirmed");
        headers.put("X-Project-Id", fixtures.project());
        headers.put("X-User-Id", "hostile-user");
        headers.put("X-Roles", "admin,member,reader");
        return headers;
    }

    private byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private byte[] get(String target) {
        return request("GET", target, identity(), null);
    }

    private byte[] json(String method, String target, String body) {
        Map<String, String> headers = identity();
        headers.put("Content-Type", "application/json");
        return request(method, target, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] patch(String id, String body) {
        Map<String, String> headers = identity();
        headers.put("Content-Type", PATCH_TYPE);
        return request("PATCH", "/v2/images/" + id, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- classes --------------------------------------------------------------------------------

    /** Every filter with every value; and the values as custom-property filters and on the tasks list. */
    private void listFilters() {
        for (String filter : FILTERS) {
            for (String value : FILTER_VALUES) {
                boolean wrong = value.contains("%00") || value.contains("%FF") || value.contains("%C0") || value.contains("%ED%A0")
                        || value.contains("%F4%90") || value.equals("in:") || value.equals("in:,") || value.equals("in:,,,,")
                        || value.startsWith("in:\"") && !value.equals("in:\"\"") || value.equals("in:a\"b")
                        || value.startsWith("in:,,,");
                // tag and custom property filters take "in:" literally, as Glance does.
                boolean literal = filter.equals("tag") || filter.equals("hw_cpu_cores");
                boolean encodingWrong = value.contains("%00") || value.contains("%FF") || value.contains("%C0")
                        || value.contains("%ED%A0") || value.contains("%F4%90");
                add("list filters", filter + "=" + abbreviate(value), get("/v2/images?" + filter + "=" + value),
                        literal ? encodingWrong : wrong);
            }
        }
        for (String value : List.of("in:,,,,", "%00", "x".repeat(300), "in:\"a")) {
            add("list filters", "tasks type=" + abbreviate(value), get("/v2/tasks?type=" + value), false);
            add("list filters", "tasks status=" + abbreviate(value), get("/v2/tasks?status=" + value), false);
        }
        add("list filters", "repeated name filter", get("/v2/images?name=a&name=b&name=in:,,"), false);
        add("list filters", "property key of 300 characters", get("/v2/images?" + "k".repeat(300) + "=v"), false);
        add("list filters", "property key with NUL", get("/v2/images?k%00=v"), true);
        add("list filters", "parameter without value", get("/v2/images?name"), false);
        add("list filters", "parameter without name", get("/v2/images?=x"), false);
        add("list filters", "only separators", get("/v2/images?&&&"), false);
    }

    private void sortingAndPaging() {
        List<String> keys = List.of("", "name", "bogus", "name:asc", "name,name", "%00", "k".repeat(300), "size;drop",
                "created_at desc", "-name", "in:name");
        List<String> dirs = List.of("", "asc", "ASC", "up", "%00", "desc,asc", "d".repeat(300));
        for (String key : keys) {
            for (String dir : dirs) {
                boolean valid = List.of("name").contains(key) && List.of("asc", "ASC").contains(dir);
                add("sorting", "sort_key=" + abbreviate(key) + "&sort_dir=" + abbreviate(dir),
                        get("/v2/images?sort_key=" + key + "&sort_dir=" + dir), !valid);
            }
        }
        for (String sort : List.of("", ",", "name:", ":asc", "name:asc:x", "name:sideways", "name,name", "bogus:asc",
                "name:asc,", "%00", "s".repeat(500), "name:asc,size:desc,created_at:asc,id:desc,status:asc")) {
            add("sorting", "sort=" + abbreviate(sort), get("/v2/images?sort=" + sort),
                    !sort.equals("name:asc,size:desc,created_at:asc,id:desc,status:asc"));
        }
        add("sorting", "sort with sort_key", get("/v2/images?sort=name:asc&sort_key=name"), true);
        add("sorting", "sort dirs without keys", get("/v2/images?sort_dir=asc&sort_dir=desc"), true);
        for (String limit : List.of("", "-1", "abc", "1.5", "99999999999", "2147483648", "%00", "0x10", " 5")) {
            add("paging", "limit=" + limit, get("/v2/images?limit=" + limit), true);
            add("paging", "tasks limit=" + limit, get("/v2/tasks?limit=" + limit), true);
        }
        for (String marker : List.of("", "not-a-uuid", "%00", "00000000-0000-0000-0000-000000000000",
                "m".repeat(300), fixtures.queuedImage().toUpperCase(), "{" + fixtures.queuedImage() + "}")) {
            add("paging", "marker=" + abbreviate(marker), get("/v2/images?marker=" + marker),
                    !marker.equals(fixtures.queuedImage().toUpperCase()));
            add("paging", "tasks marker=" + abbreviate(marker), get("/v2/tasks?marker=" + marker), true);
        }
        add("paging", "two markers", get("/v2/images?marker=a&marker=b"), true);
    }

    /** What keystonemiddleware's headers may carry, on calls that write the caller into the database. */
    private void identityHeaders() {
        List<String> values = List.of("", " ", "p".repeat(254), "p".repeat(255), "p".repeat(256), "p".repeat(300),
                "p".repeat(5000), "p".repeat(15000), "caf\u00c3\u00a9", "a\tb", "a\u0001b", "a,b", "\u00ff\u00fe");
        for (String header : List.of("X-Project-Id", "X-User-Id", "X-Roles", "X-Tenant-Id")) {
            for (String value : values) {
                boolean tooLong = value.length() > 255 && !header.equals("X-Tenant-Id");
                for (String call : List.of("create", "list", "import", "task", "member")) {
                    Map<String, String> headers = identity();
                    headers.put(header, value);
                    headers.put("Content-Type", "application/json");
                    byte[] request = switch (call) {
                        case "create" -> request("POST", "/v2/images", headers, body("{\"name\": \"identity\"}"));
                        case "list" -> request("GET", "/v2/images", headers, null);
                        case "import" -> request("POST", "/v2/images/" + fixtures.activeImage() + "/import", headers,
                                body("{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"nowhere\"]}"));
                        case "task" -> request("POST", "/v2/tasks", headers, body("{\"type\": \"import\", \"input\": "
                                + "{\"import_from\": \"http://127.0.0.1:9/x\", \"import_from_format\": \"raw\", "
                                + "\"image_properties\": {\"name\": \"t\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}}}"));
                        default -> request("POST", "/v2/images/" + fixtures.queuedImage() + "/members", headers,
                                body("{\"member\": \"someone\"}"));
                    };
                    add("identity headers", call + " with " + header + " of " + value.length() + " characters", request,
                            tooLong);
                }
            }
        }
        Map<String, String> twice = identity();
        add("identity headers", "X-Project-Id twice", request("GET", "/v2/images",
                withExtraLine(twice, "X-Project-Id", "other"), null), true);
        for (String status : List.of("", "confirmed", "Invalid", "Confirmed, Confirmed", "\u00c3")) {
            Map<String, String> headers = identity();
            headers.put("X-Identity-Status", status);
            add("identity headers", "X-Identity-Status " + status, request("GET", "/v2/images", headers, null),
                    !status.equals("confirmed"));
        }
        Map<String, String> none = new LinkedHashMap<>();
        add("identity headers", "no identity", request("GET", "/v2/images", none, null), true);
    }

    private static Map<String, String> withExtraLine(Map<String, String> headers, String name, String value) {
        // A second header of the same name: written as a separate line by request().
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name + ": " + value + "\r\n" + name, headers.get(name));
        return copy;
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every writable attribute of an image, and custom properties, with every kind of wrong value. */
    private void createBodies() {
        for (String attribute : List.of("name", "visibility", "protected", "os_hidden", "min_ram", "min_disk", "disk_format",
                "container_format", "tags", "owner", "id", "hw_property")) {
            for (String value : TEXT_VALUES_JSON) {
                boolean valid = attribute.equals("name") && (value.equals("\"\"") || value.equals("\"" + "n".repeat(255) + "\"")
                        || value.equals("null") || value.contains("\\u001b") || value.contains("X-Injected"))
                        || attribute.equals("hw_property") && (value.equals("\"\"") || value.startsWith("\"n")
                        || value.contains("\\u001b") || value.contains("X-Injected") || value.contains("ude00"))
                        || Set.of("min_ram", "min_disk").contains(attribute) && (value.equals("-0") || value.equals("123"))
                        || Set.of("protected", "os_hidden").contains(attribute) && value.equals("true")
                        || attribute.equals("tags") && value.equals("[]") || attribute.equals("tags") && value.equals("[\"a\"]")
                        || attribute.equals("disk_format") && value.equals("null")
                        || attribute.equals("container_format") && value.equals("null")
                        // A huge custom property value fits Glance's schema (a string) and Glint's jsonb.
                        || attribute.equals("hw_property") && value.startsWith("\"xxx")
                        // An admin's empty or null owner means the caller's own project.
                        || attribute.equals("owner") && (value.equals("\"\"") || value.equals("null"))
                        || attribute.equals("owner") && (value.startsWith("\"n") && value.length() < 260
                        || value.contains("\\u001b") || value.contains("X-Injected"));
                add("image attributes", "create " + attribute + "=" + abbreviate(value),
                        json("POST", "/v2/images", "{\"" + attribute + "\": " + value + "}"), !valid);
                add("image attributes", "patch " + attribute + "=" + abbreviate(value),
                        patch(fixtures.queuedImage(), "[{\"op\": \"replace\", \"path\": \"/" + attribute + "\", \"value\": "
                                + value + "}]"), !valid && !attribute.equals("id"));
            }
        }
        for (String key : List.of("", "k".repeat(256), "k".repeat(255), "os_glance_x", "location", "deleted", "status",
                "self", "a\\u0000b", "\\ud800", "a/b", "~", "..", "\\u001b")) {
            boolean valid = key.equals("k".repeat(255)) || key.equals("a/b") || key.equals("~") || key.equals("..")
                    || key.equals("\\u001b");
            add("image attributes", "property named " + abbreviate(key), json("POST", "/v2/images", "{\"" + key + "\": \"v\"}"),
                    !valid);
        }
        List<String> notObjects = List.of("", "[]", "\"name\"", "null", "123", "{", "{\"name\": \"a\"}x", "\ufeff{}",
                "{\"name\": \"a\", \"name\": \"b\"}", "{\"a\": NaN}", "{\"a\": Infinity}", "// c\n{}", "{'a': 1}",
                "[".repeat(100) + "]".repeat(100), "{\"a\":".repeat(50) + "1" + "}".repeat(50));
        for (String body : notObjects) {
            boolean valid = body.equals("{\"name\": \"a\", \"name\": \"b\"}");
            add("json bodies", "create body " + abbreviate(body), json("POST", "/v2/images", body), !valid);
        }
        add("json bodies", "create body in UTF-16", request("POST", "/v2/images", withType("application/json"),
                "{\"name\": \"u\"}".getBytes(StandardCharsets.UTF_16)), true);
        add("json bodies", "create body in Latin-1", request("POST", "/v2/images", withType("application/json"),
                "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)), true);
        // Glance reads a metadata body as JSON whatever its Content-Type says (only PATCH and data calls check it).
        for (String type : List.of("text/plain", "application/xml", "application/json; charset=latin1", "",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            add("json bodies", "create as " + type, request("POST", "/v2/images", withType(type), body("{\"name\": \"t\"}")),
                    false);
        }
    }

    private Map<String, String> withType(String type) {
        Map<String, String> headers = identity();
        headers.put("Content-Type", type);
        return headers;
    }

    private void patches() {
        String id = fixtures.queuedImage();
        for (String op : List.of("\"bogus\"", "\"\"", "null", "1", "\"ADD\"", "\"move\"", "\"copy\"", "\"test\"")) {
            add("patch", "op " + op, patch(id, "[{\"op\": " + op + ", \"path\": \"/p\", \"value\": \"v\"}]"), true);
        }
        add("patch", "path /~01 (the property \"~1\")", patch(id, "[{\"op\": \"add\", \"path\": \"/~01\", \"value\": \"v\"}]"),
                false);
        for (String path : List.of("\"\"", "\"/\"", "\"p\"", "\"/~\"", "\"/~2\"", "\"//\"", "\"/a/b\"", "\"/tags/-\"",
                "\"/tags/999\"", "\"/locations/0\"", "\"/" + "p".repeat(300) + "\"", "null", "1", "\"/\\u0000\"", "\"/status\"",
                "\"/checksum\"", "\"/os_glance_import_task\"")) {
            add("patch", "path " + abbreviate(path), patch(id, "[{\"op\": \"add\", \"path\": " + path + ", \"value\": \"v\"}]"),
                    true);
        }
        for (String body : List.of("{}", "[]", "[1]", "[null]", "[{}]", "[{\"op\": \"add\"}]", "[{\"op\": \"add\", \"path\": \"/p\"}]",
                "[{\"op\": \"remove\", \"path\": \"/never-set\"}]", "[{\"op\": \"replace\", \"path\": \"/never-set\", \"value\": \"v\"}]")) {
            add("patch", "body " + body, patch(id, body), !body.equals("[]"));
        }
        add("patch", "patch as application/json", json("PATCH", "/v2/images/" + id,
                "[{\"op\": \"add\", \"path\": \"/p\", \"value\": \"v\"}]"), true);
        add("patch", "patch of an unknown image", patch("00000000-0000-0000-0000-000000000000",
                "[{\"op\": \"add\", \"path\": \"/p\", \"value\": \"v\"}]"), true);
    }

    private void members() {
        String id = fixtures.queuedImage();
        for (String member : List.of("\"\"", "\" \"", "\"" + "m".repeat(256) + "\"", "\"" + "m".repeat(300) + "\"", "123", "null",
                "[\"a\"]", "{}", "\"a\\u0000b\"", "\"\\ud800\"")) {
            add("members", "add member " + abbreviate(member), json("POST", "/v2/images/" + id + "/members",
                    "{\"member\": " + member + "}"), true);
        }
        add("members", "member body not an object", json("POST", "/v2/images/" + id + "/members", "[\"a\"]"), true);
        for (String status : List.of("\"acepted\"", "\"\"", "1", "null", "\"ACCEPTED\"", "\"" + "s".repeat(300) + "\"")) {
            add("members", "member status " + abbreviate(status), json("PUT", "/v2/images/" + id + "/members/someone",
                    "{\"status\": " + status + "}"), true);
        }
        for (String member : List.of("%00", "m".repeat(300), "%2F", "..", "%FF")) {
            add("members", "member path " + abbreviate(member), get("/v2/images/" + id + "/members/" + member), true);
            add("members", "delete member path " + abbreviate(member),
                    request("DELETE", "/v2/images/" + id + "/members/" + member, identity(), null), true);
        }
    }

    private void tags() {
        String id = fixtures.queuedImage();
        for (String tag : List.of("t".repeat(256), "t".repeat(300), "%00", "%2F", "%FF", "%ED%A0%80", "a%20b", "%F0%9F%98%80")) {
            boolean valid = tag.equals("a%20b") || tag.equals("%2F") || tag.equals("%F0%9F%98%80");
            add("tags", "add tag " + abbreviate(tag), request("PUT", "/v2/images/" + id + "/tags/" + tag, identity(), null),
                    !valid);
        }
        add("tags", "add empty tag", request("PUT", "/v2/images/" + id + "/tags/", identity(), null), true);
        add("tags", "delete unknown tag", request("DELETE", "/v2/images/" + id + "/tags/never", identity(), null), true);
    }

    /** Every per-image call with image ids that are not ids. */
    private void imageIds() {
        List<String> ids = List.of("not-a-uuid", "%00", "i".repeat(300), "%2e%2e", "00000000-0000-0000-0000-000000000000",
                "{" + fixtures.queuedImage() + "}", fixtures.queuedImage() + "x", "%FF", "%20");
        for (String id : ids) {
            for (String[] call : List.of(new String[] {"GET", ""}, new String[] {"DELETE", ""}, new String[] {"GET", "/file"},
                    new String[] {"PUT", "/file"}, new String[] {"PUT", "/stage"}, new String[] {"POST", "/import"},
                    new String[] {"GET", "/members"}, new String[] {"PUT", "/tags/t"}, new String[] {"POST", "/actions/deactivate"},
                    new String[] {"POST", "/actions/reactivate"}, new String[] {"GET", "/tasks"})) {
                Map<String, String> headers = identity();
                byte[] body = null;
                if (call[1].equals("/file") && call[0].equals("PUT") || call[1].equals("/stage")) {
                    headers.put("Content-Type", "application/octet-stream");
                    body = new byte[16];
                } else if (call[1].equals("/import")) {
                    headers.put("Content-Type", "application/json");
                    body = body("{\"method\": {\"name\": \"glance-direct\"}}");
                }
                add("image ids", call[0] + " /v2/images/" + abbreviate(id) + call[1],
                        request(call[0], "/v2/images/" + id + call[1], headers, body), true);
            }
        }
        for (String id : List.of("not-a-uuid", "%00", "t".repeat(300))) {
            add("image ids", "GET /v2/tasks/" + abbreviate(id), get("/v2/tasks/" + id), true);
        }
    }

    private void imports() {
        String queued = fixtures.queuedImage();
        String active = fixtures.activeImage();
        List<String> methods = List.of("{}", "{\"method\": null}", "{\"method\": \"glance-direct\"}", "{\"method\": {}}",
                "{\"method\": {\"name\": \"\"}}", "{\"method\": {\"name\": \"bogus\"}}", "{\"method\": {\"name\": 1}}",
                "{\"method\": {\"name\": \"" + "m".repeat(300) + "\"}}", "[]");
        for (String body : methods) {
            add("imports", "import " + abbreviate(body), json("POST", "/v2/images/" + queued + "/import", body), true);
        }
        for (String uri : List.of("\"\"", "\"file:///etc/passwd\"", "\"gopher://127.0.0.1/\"", "\"http://\"", "\"http://:80/\"",
                "\"http://[::1\"", "\"http://a@b@c/\"", "\"http://127.0.0.1:0/\"", "\"http://127.0.0.1:99999/\"",
                "\"http://127.0.0.1:-1/\"", "\"http://" + "h".repeat(300) + "/\"", "\"http://x/" + "p".repeat(5000) + "\"",
                "\"http://x/a b\"", "\"http://x/\\u0000\"", "null", "1", "[\"http://x/\"]", "\"http://169.254.169.254/latest\"",
                "\"http://0x7f000001/\"", "\"http://2130706433/\"", "\"http://[::ffff:127.0.0.1]/\"")) {
            add("imports", "web-download uri " + abbreviate(uri), json("POST", "/v2/images/" + queued + "/import",
                    "{\"method\": {\"name\": \"web-download\", \"uri\": " + uri + "}}"), true);
        }
        for (String stores : List.of("\"default\"", "[\"" + "s".repeat(300) + "\"]", "[\"nowhere\"]", "[1]", "[null]", "{}",
                "[\"default\", \"default\"]", "[]")) {
            add("imports", "copy-image stores " + abbreviate(stores), json("POST", "/v2/images/" + active + "/import",
                    "{\"method\": {\"name\": \"copy-image\"}, \"stores\": " + stores + "}"), true);
        }
        for (String flag : List.of("\"yes\"", "1", "null", "[]")) {
            add("imports", "all_stores " + flag, json("POST", "/v2/images/" + active + "/import",
                    "{\"method\": {\"name\": \"copy-image\"}, \"all_stores\": " + flag + "}"), true);
            add("imports", "all_stores_must_succeed " + flag, json("POST", "/v2/images/" + active + "/import",
                    "{\"method\": {\"name\": \"copy-image\"}, \"stores\": [\"nowhere\"], \"all_stores_must_succeed\": " + flag + "}"),
                    true);
        }
        for (String store : List.of("", "s".repeat(300), "nowhere", "%00")) {
            Map<String, String> headers = identity();
            headers.put("X-Image-Meta-Store", store);
            headers.put("Content-Type", "application/octet-stream");
            add("imports", "X-Image-Meta-Store " + abbreviate(store), request("PUT", "/v2/images/" + queued + "/file",
                    headers, new byte[16]), true);
        }
    }

    private void tasks() {
        String properties = "\"image_properties\": {\"name\": \"t\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}";
        for (String body : List.of("{}", "[]", "{\"type\": \"\"}", "{\"type\": \"bogus\"}", "{\"type\": \"" + "t".repeat(300) + "\"}",
                "{\"type\": \"import\"}", "{\"type\": \"import\", \"input\": null}", "{\"type\": \"import\", \"input\": []}",
                "{\"type\": \"import\", \"input\": {\"import_from\": 1}}",
                "{\"type\": \"import\", \"input\": {\"import_from\": \"file:///etc/passwd\", " + properties + "}}",
                "{\"type\": \"import\", \"input\": {\"import_from\": \"http://x/\", \"image_properties\": []}}",
                "{\"type\": \"import\", \"input\": {\"import_from\": \"http://x/\", \"image_properties\": {\"name\": \""
                        + "n".repeat(300) + "\"}}}",
                "{\"type\": \"import\", \"input\": {\"import_from\": \"http://x/\", \"image_properties\": {\"owner\": \""
                        + "o".repeat(300) + "\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}}}",
                "{\"type\": \"import\", \"input\": {\"import_from\": \"http://x/\", \"image_properties\": {\"status\": \"active\"}}}",
                "{\"type\": \"api_image_import\", \"input\": {}}")) {
            add("tasks", "task " + abbreviate(body), json("POST", "/v2/tasks", body), true);
        }
    }

    /** Image data calls whose lengths, ranges or targets are wrong. */
    private void data() {
        String queued = fixtures.queuedImage();
        String active = fixtures.activeImage();
        Map<String, String> octets = identity();
        octets.put("Content-Type", "application/octet-stream");
        add("data", "upload to an active image", request("PUT", "/v2/images/" + active + "/file", octets, new byte[64]), true);
        add("data", "stage to an active image", request("PUT", "/v2/images/" + active + "/stage", octets, new byte[64]), true);
        for (String length : List.of("-1", "abc", "1e3", "99999999999999999999", "18446744073709551616", "+5", "0x10")) {
            Map<String, String> headers = new LinkedHashMap<>(octets);
            headers.put("Content-Length", length);
            add("data", "upload with Content-Length " + length,
                    request("PUT", "/v2/images/" + queued + "/file", headers, null), true);
        }
        Map<String, String> capped = new LinkedHashMap<>(octets);
        capped.put("Content-Length", String.valueOf(2L * 1024 * 1024 * 1024 * 1024));
        add("data", "upload larger than the size cap", request("PUT", "/v2/images/" + queued + "/file", capped, null), true);
        for (String range : List.of("bytes=abc", "bytes=5-1", "bytes=-", "bytes=0-0,1-1", "bytes=99999999999999999999-",
                "items=0-1", "bytes=-0", "bytes=" + "9".repeat(100) + "-", "bytes=0-%00")) {
            Map<String, String> headers = identity();
            headers.put("Range", range);
            add("data", "download with Range " + abbreviate(range), request("GET", "/v2/images/" + active + "/file", headers, null),
                    !range.equals("bytes=99999999999999999999-") && !range.equals("items=0-1"));
        }
        add("data", "download of a queued image", get("/v2/images/" + queued + "/file"), false);
        Map<String, String> types = identity();
        types.put("Content-Type", "application/json");
        add("data", "upload as application/json", request("PUT", "/v2/images/" + queued + "/file", types, new byte[8]), true);
    }

    /** Broken HTTP: each part of a request malformed, and nothing but blank lines. */
    private void framing() {
        String identity = "X-Identity-Status: Confirmed\r\nX-Project-Id: " + fixtures.project() + "\r\nX-Roles: admin\r\n";
        for (int lines = 1; lines <= 6; lines++) {
            add("framing", lines + " empty lines (CRLF) and nothing else", raw("\r\n".repeat(lines + 1)), true);
            add("framing", lines + " empty lines (LF) and nothing else", raw("\n".repeat(lines + 1)), true);
        }
        for (String junk : List.of(" ", "\t", "\u0000", "\u000b", "\u000c", " \r\n\r\n", "\t\r\n\r\n", "\u0000\r\n\r\n",
                "\r\n\r\n\r\nGET /versions HTTP/1.1\r\nHost: x\r\n\r\n", "\r\n \r\n", "\u007f\r\n\r\n")) {
            add("framing", "request of " + visible(junk), raw(junk), true);
        }
        add("framing", "TLS client hello", new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03},
                true);
        add("framing", "HTTP/2 preface", raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), true);
        add("framing", "binary garbage", new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, '\r', '\n', '\r', '\n'}, true);
        for (String line : List.of("GARBAGE", "GET", "GET /versions", "GET  /versions HTTP/1.1", "get /versions HTTP/1.1",
                "GET /versions HTTP/1.2x", "GET /versions HTTP/9.9", "GET /versions http/1.1", "GET /versions HTTP/1",
                "GET /versions HTTP/1.1 extra", "G\u0001T /versions HTTP/1.1", "GET /ver sions HTTP/1.1",
                "GET /versions#frag HTTP/1.1", "CONNECT localhost:9292 HTTP/1.1", "GET " + "/v".repeat(5000) + " HTTP/1.1",
                "M".repeat(300) + " /versions HTTP/1.1", "GET \\v2\\images HTTP/1.1", "GET /v2/images?%zz HTTP/1.1")) {
            // The decoder takes repeated spaces between the parts (as most servers do).
            boolean valid = line.equals("GET /versions#frag HTTP/1.1") || line.equals("GET  /versions HTTP/1.1");
            add("framing", "request line " + abbreviate(visible(line)), raw(line + "\r\nHost: localhost\r\n" + identity + "\r\n"),
                    !valid);
        }
        for (String header : List.of("NoColon", " Leading: space", "Space : before", "\tX: folded", "X: a\r\n folded",
                "Bad\u0001Name: 1", "X: a\u0000b", "(): 1", ": empty-name", "Host: x", "Content-Length: 5\r\nContent-Length: 6",
                "Content-Length: 5, 6", "Content-Length: +5", "Content-Length: 0x5", "Content-Length: 99999999999999999999999",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "Transfer-Encoding: xchunked",
                "Transfer-Encoding: chunked, gzip", "Transfer-Encoding: identity", "Transfer-Encoding: chunked\r\nContent-Length: 3")) {
            add("framing", "header " + abbreviate(visible(header)), raw("POST /v2/images HTTP/1.1\r\nHost: localhost\r\n" + identity
                    + "Content-Type: application/json\r\n" + header + "\r\n\r\n{}"), true);
        }
        add("framing", "no Host header", raw("GET /v2/images HTTP/1.1\r\n" + identity + "\r\n"), true);
        for (String chunks : List.of("ZZ\r\n{}\r\n0\r\n\r\n", "-1\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
                "2{}\r\n0\r\n\r\n", "2;ext=\u0001\r\n{}\r\n0\r\n\r\n", "2\r\n{}0\r\n\r\n", "2\r\n{}\r\n0\r\nTrailer\r\n\r\n")) {
            add("framing", "chunks " + abbreviate(visible(chunks)), raw("PUT /v2/images/" + fixtures.queuedImage()
                    + "/file HTTP/1.1\r\nHost: localhost\r\n" + identity + "Content-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks), true);
        }
    }

    /** Bounds: too many parameters, headers too big or too many. */
    private void limits() {
        StringBuilder many = new StringBuilder("/v2/images?");
        for (int i = 0; i < 150; i++) {
            many.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
        }
        add("limits", "150 query parameters", get(many.toString()), true);
        Map<String, String> big = identity();
        big.put("X-Big", "b".repeat(20_000));
        add("limits", "a header of 20000 bytes", request("GET", "/v2/images", big, null), true);
        Map<String, String> numerous = identity();
        for (int i = 0; i < 2000; i++) {
            numerous.put("X-H" + i, "v");
        }
        add("limits", "2000 headers", request("GET", "/v2/images", numerous, null), true);
        add("limits", "metadata body larger than the limit", json("POST", "/v2/images",
                "{\"name\": \"x\", \"p\": \"" + "a".repeat(2_000_000) + "\"}"), true);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "...(" + text.length() + ")" : text;
    }

    private static String visible(String text) {
        StringBuilder shown = new StringBuilder();
        for (char c : text.toCharArray()) {
            shown.append(c == '\r' ? "\\r" : c == '\n' ? "\\n" : c == '\t' ? "\\t" : c < 0x20 || c == 0x7f
                    ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return shown.toString();
    }
}

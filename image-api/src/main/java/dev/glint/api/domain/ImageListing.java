package dev.glint.api.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.api.identity.Caller;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@code GET /v2/images} as one SQL query: who may see what, Glance's filters, the sort order and
 * keyset paging from the marker, with the page size as the SQL limit, so a page costs the same
 * with ten images or a million (the tag and property filters use the GIN indexes of V1).
 */
@ApplicationScoped
public class ImageListing {

    /** Parameters that shape the page rather than filter it. */
    private static final Set<String> PAGING = Set.of("limit", "marker", "sort_key", "sort_dir", "sort");
    /** Filters compared for equality (or {@code in:a,b}) with a text column. */
    private static final Map<String, String> TEXT_COLUMNS = Map.of(
            "name", "i.name", "owner", "i.owner", "disk_format", "i.disk_format",
            "container_format", "i.container_format", "checksum", "i.checksum",
            "os_hash_algo", "i.os_hash_algo", "os_hash_value", "i.os_hash_value");
    private static final Set<String> VISIBILITY_FILTERS = Set.of("public", "private", "shared", "community", "all");
    private static final Set<String> MEMBER_STATUSES = Set.of("pending", "accepted", "rejected", "all");
    private static final Map<String, String> COMPARISONS = Map.of(
            "gt", ">", "gte", ">=", "lt", "<", "lte", "<=", "eq", "=", "neq", "<>");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Transactions tx;
    private final ImageAccess access;

    public ImageListing(Transactions tx, ImageAccess access) {
        this.access = access;
        this.tx = tx;
    }

    /** The SQL being built and its parameters. */
    private static final class Sql {
        final StringBuilder where = new StringBuilder("true");
        final Map<String, Object> parameters = new LinkedHashMap<>();

        String bind(Object value) {
            String name = "p" + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }

        void and(String condition) {
            where.append(" and ").append(condition);
        }
    }

    public Uni<ImagePage> list(Caller caller, ImageQuery query) {
        access.policy().enforce("get_images", caller, PolicyTarget.project(caller.projectId()));
        ImageSort sort = ImageSort.parse(query);
        Sql sql = new Sql();
        filter(caller, query, sql);
        return tx.read(session -> marker(session, caller, query.marker())
                .flatMap(marker -> {
                    if (marker != null) {
                        sql.and(after(sort, marker, sql));
                    }
                    StringBuilder select = new StringBuilder("select i.* from images i where ").append(sql.where)
                            .append(" order by ");
                    List<String> order = new ArrayList<>();
                    for (ImageSort.Term term : sort.terms()) {
                        order.add(term.key().expression() + (term.ascending() ? " asc" : " desc"));
                    }
                    select.append(String.join(", ", order));
                    Mutiny.SelectionQuery<ImageRecord> statement = session.createNativeQuery(select.toString(),
                            ImageRecord.class);
                    String text = select.toString();
                    // Some rules bind values their chosen branch does not use; Hibernate refuses unknown names.
                    sql.parameters.forEach((name, value) -> {
                        if (Pattern.compile(":" + name + "(?![0-9])").matcher(text).find()) {
                            statement.setParameter(name, value);
                        }
                    });
                    return statement.setMaxResults(query.limit()).getResultList();
                }))
                .map(images -> new ImagePage(images, query.limit() > 0 && images.size() == query.limit()));
    }

    private Uni<ImageRecord> marker(Mutiny.Session session, Caller caller, String marker) {
        if (marker == null) {
            return Uni.createFrom().nullItem();
        }
        UUID id;
        try {
            id = UUID.fromString(marker);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid marker " + marker + ": not an image id.");
        }
        return session.find(ImageRecord.class, id).flatMap(image -> {
            if (image != null && caller.isAdmin() && image.status == ImageStatus.PENDING_DELETE) {
                return Uni.createFrom().item(image);
            }
            return access.visible(session, caller, image, id);
        }).onFailure(ApiException.class).transform(e -> ApiException.badRequest("marker " + marker
                + " could not be found."));
    }

    /** Rows strictly after the marker in the sort order: (k1 > m1) or (k1 = m1 and k2 > m2) or ... */
    private static String after(ImageSort sort, ImageRecord marker, Sql sql) {
        List<String> alternatives = new ArrayList<>();
        List<String> equalSoFar = new ArrayList<>();
        for (ImageSort.Term term : sort.terms()) {
            String value = sql.bind(term.key().value().apply(marker));
            List<String> parts = new ArrayList<>(equalSoFar);
            parts.add(term.key().expression() + (term.ascending() ? " > " : " < ") + value);
            alternatives.add("(" + String.join(" and ", parts) + ")");
            equalSoFar.add(term.key().expression() + " = " + value);
        }
        return "(" + String.join(" or ", alternatives) + ")";
    }

    private static void filter(Caller caller, ImageQuery query, Sql sql) {
        List<String> statuses = statuses(query.first("status"));
        boolean pendingDelete = caller.isAdmin() && statuses != null && statuses.contains("pending_delete");
        sql.and(pendingDelete ? "i.status <> 'deleted'" : "i.status not in ('deleted', 'pending_delete')");
        if (statuses != null) {
            sql.and("i.status in (" + binds(statuses, sql) + ")");
        }
        access(caller, query, sql);
        String hidden = query.first("os_hidden");
        sql.and("i.os_hidden = " + sql.bind(hidden == null ? Boolean.FALSE : bool("os_hidden", hidden)));
        for (Map.Entry<String, List<String>> parameter : query.parameters().entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue().get(0);
            if (PAGING.contains(name) || Set.of("status", "visibility", "member_status", "os_hidden").contains(name)) {
                continue;
            }
            if (TEXT_COLUMNS.containsKey(name)) {
                sql.and(TEXT_COLUMNS.get(name) + " in (" + binds(FilterValues.of(name, value), sql) + ")");
            } else if ("id".equals(name)) {
                List<Object> ids = new ArrayList<>();
                for (String id : FilterValues.of(name, value)) {
                    ids.add(uuid(id));
                }
                sql.and("i.id in (" + binds(ids, sql) + ")");
            } else if ("tag".equals(name)) {
                sql.and("cast(i.tags as jsonb) @> " + jsonb(sql.bind(json(parameter.getValue()))));
            } else if ("size".equals(name)) {
                sql.and("i.size = " + sql.bind(number(name, value)));
            } else if ("size_min".equals(name)) {
                sql.and("i.size >= " + sql.bind(number(name, value)));
            } else if ("size_max".equals(name)) {
                sql.and("i.size <= " + sql.bind(number(name, value)));
            } else if ("min_ram".equals(name) || "min_disk".equals(name)) {
                sql.and("i." + name + " = " + sql.bind((int) number(name, value)));
            } else if ("protected".equals(name)) {
                sql.and("i.protected = " + sql.bind(bool(name, value)));
            } else if ("created_at".equals(name) || "updated_at".equals(name)) {
                for (String each : parameter.getValue()) {
                    sql.and(time(name, each, sql));
                }
            } else {
                sql.and("i.properties @> " + jsonb(sql.bind(json(Map.of(name, value)))));
            }
        }
    }

    /** Glance's listing rules for who sees which images; admins see all but what they filter out. */
    private static void access(Caller caller, ImageQuery query, Sql sql) {
        String visibility = query.first("visibility");
        if (visibility != null && !VISIBILITY_FILTERS.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        String memberStatus = query.first("member_status");
        if (memberStatus != null && !MEMBER_STATUSES.contains(memberStatus)) {
            throw ApiException.badRequest("Invalid status value: " + memberStatus);
        }
        if (caller.isAdmin()) {
            if (visibility == null) {
                // As in Glance, even for admins the default listing leaves out other projects' community images.
                sql.and("(i.visibility <> 'community' or i.owner = "
                        + sql.bind(caller.projectId() == null ? "" : caller.projectId()) + ")");
            } else if (!"all".equals(visibility)) {
                sql.and("i.visibility = " + sql.bind(visibility));
            }
            return;
        }
        String project = sql.bind(caller.projectId() == null ? "" : caller.projectId());
        String status = memberStatus == null ? "accepted" : memberStatus;
        String member = "exists (select 1 from image_members m where m.image_id = i.id and m.member = " + project
                + ("all".equals(status) ? "" : " and m.status = " + sql.bind(status)) + ")";
        String owned = "i.owner = " + project;
        String shared = "(i.visibility = 'shared' and (" + owned + " or " + member + "))";
        switch (visibility == null ? "" : visibility) {
            case "public" -> sql.and("i.visibility = 'public'");
            case "community" -> sql.and("i.visibility = 'community'");
            case "private" -> sql.and("(i.visibility = 'private' and " + owned + ")");
            case "shared" -> sql.and(shared);
            case "all" -> sql.and("(" + owned + " or i.visibility in ('public', 'community') or " + shared + ")");
            default -> sql.and("(" + owned + " or i.visibility = 'public' or " + shared + ")");
        }
    }

    private static List<String> statuses(String value) {
        if (value == null) {
            return null;
        }
        List<String> statuses = FilterValues.of("status", value);
        for (String status : statuses) {
            try {
                ImageStatus.fromApiName(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Invalid status value: " + status);
            }
        }
        return statuses;
    }

    private static String binds(List<?> values, Sql sql) {
        List<String> names = new ArrayList<>();
        values.forEach(value -> names.add(sql.bind(value)));
        return String.join(", ", names);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid id value: " + id);
        }
    }

    private static long number(String name, String value) {
        try {
            long number = Long.parseLong(value);
            if (number < 0 || ((name.startsWith("min_")) && number > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid value for " + name + ": " + value + " (a non-negative integer is "
                    + "expected)");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("Invalid value for " + name + ": " + value
                    + " ('true' or 'false' is expected)");
        };
    }

    /** {@code created_at=gte:2024-01-01T00:00:00Z}; without an operator, equality. */
    private static String time(String name, String value, Sql sql) {
        String operator = "eq";
        String threshold = value;
        int colon = value.indexOf(':');
        if (colon > 0 && COMPARISONS.containsKey(value.substring(0, colon))) {
            operator = value.substring(0, colon);
            threshold = value.substring(colon + 1);
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(threshold).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = LocalDateTime.parse(threshold).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw ApiException.badRequest("Invalid " + name + " filter " + value + ": expected "
                        + "[gt|gte|lt|lte|eq|neq:]<ISO 8601 time>");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            // PostgreSQL's timestamps end in the year 294276 and Glance's ISO 8601 times at 9999.
            throw ApiException.badRequest("Invalid " + name + " filter " + value + ": the time must lie between the"
                    + " years 1 and 9999");
        }
        // Times are shown to the second, so a time read from an image must find that image again.
        return "date_trunc('second', i." + name + ") " + COMPARISONS.get(operator) + " " + sql.bind(instant);
    }

    /**
     * A JSON text parameter as jsonb. The inner cast makes the parameter text: given as jsonb, the
     * PostgreSQL client would send a Java string as a JSON string scalar.
     */
    private static String jsonb(String parameter) {
        return "cast(cast(" + parameter + " as text) as jsonb)";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

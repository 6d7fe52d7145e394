package dev.glint.reliability.checks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What PostgreSQL holds after a run, read directly (as user glint), for the checks. */
public final class Database {

    public record Image(String id, String status, Long size, String checksum, String hashAlgo, String hashValue,
                        Instant deletedAt) {
    }

    public record Location(String imageId, String store, String bucket, String key, String status, Long size) {
    }

    public record Task(String id, String type, String status, String message, String imageId) {
    }

    public record OutboxRow(long seq, String eventId, String key, String type, Instant publishedAt) {
    }

    private final String url;

    public Database(String url) {
        this.url = url;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "glint", "glint");
    }

    public Map<String, Image> images() throws SQLException {
        Map<String, Image> images = new HashMap<>();
        query("select id, status, size, checksum, os_hash_algo, os_hash_value, deleted_at from images", row ->
                images.put(row.getString(1), new Image(row.getString(1), row.getString(2),
                        (Long) row.getObject(3), row.getString(4), row.getString(5), row.getString(6),
                        instant(row.getTimestamp(7)))));
        return images;
    }

    public List<Location> locations() throws SQLException {
        List<Location> locations = new ArrayList<>();
        query("select image_id, store, bucket, object_key, status, size from image_locations", row ->
                locations.add(new Location(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), (Long) row.getObject(6))));
        return locations;
    }

    public List<Task> tasks() throws SQLException {
        List<Task> tasks = new ArrayList<>();
        query("select id, type, status, message, image_id from tasks", row ->
                tasks.add(new Task(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5))));
        return tasks;
    }

    /** The outbox rows of one topic in the order the relay publishes them. */
    public List<OutboxRow> outbox(String topic) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(
                     "select seq, event_id, message_key, event_type, published_at from outbox where topic = ? order by seq")) {
            statement.setString(1, topic);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new OutboxRow(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                            instant(row.getTimestamp(5))));
                }
            }
        }
        return rows;
    }

    /** One number from one query, e.g. a count. */
    public long count(String sql) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /** Settings the run claims (fsync, synchronous_commit), as the server reports them. */
    public String setting(String name) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("select current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                reader.read(row);
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

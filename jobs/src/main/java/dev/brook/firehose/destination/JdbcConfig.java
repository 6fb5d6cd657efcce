package dev.brook.firehose.destination;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where {@link JdbcDelivery} loads rows: a PostgreSQL table (Firehose's Redshift destination, with
 * PostgreSQL in Redshift's place). Build it with {@link #builder(String, String)}, which validates
 * every value and names the limit a bad one broke.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param table the table, as SQL names it: {@code events}, {@code analytics.events}, {@code
 *     "Events"}
 * @param user the database user; null to leave it to the URL
 * @param password the user's password; null for none
 * @param columns the columns to load, in any case; empty for every column of the table (read from
 *     the database when the job is built)
 * @param keyColumns columns of a unique key: rows are upserted on it ({@code INSERT ... ON CONFLICT
 *     DO UPDATE}), so a record replayed after a restore overwrites its row instead of adding one;
 *     empty for plain inserts (at-least-once: a replay can add duplicates)
 * @param batchSize rows per JDBC batch (1–100000, default 1000)
 * @param batchInterval a partial batch is written after this long (default 1 s; 0 waits for a full
 *     batch or a checkpoint)
 * @param maxRetries times a failed batch is retried before the job fails (0–100, default 3)
 */
public record JdbcConfig(
        String url,
        String table,
        String user,
        String password,
        List<String> columns,
        List<String> keyColumns,
        int batchSize,
        Duration batchInterval,
        int maxRetries)
        implements Serializable {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int MAX_BATCH_SIZE = 100_000;
    public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 3;

    private static final String IDENTIFIER = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern TABLE =
            Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + "){0,2}");

    public JdbcConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        Objects.requireNonNull(batchInterval, "batchInterval");
    }

    public static Builder builder(String url, String table) {
        return new Builder(url, table);
    }

    /** Validates and builds a {@link JdbcConfig}. */
    public static final class Builder {
        private final String url;
        private final String table;
        private String user;
        private String password;
        private List<String> columns = List.of();
        private List<String> keyColumns = List.of();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchInterval = DEFAULT_BATCH_INTERVAL;
        private int maxRetries = DEFAULT_MAX_RETRIES;

        private Builder(String url, String table) {
            this.url = url;
            this.table = table;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder columns(List<String> columns) {
            this.columns = Objects.requireNonNull(columns, "columns");
            return this;
        }

        public Builder columns(String... columns) {
            return columns(List.of(columns));
        }

        public Builder keyColumns(List<String> keyColumns) {
            this.keyColumns = Objects.requireNonNull(keyColumns, "keyColumns");
            return this;
        }

        public Builder keyColumns(String... keyColumns) {
            return keyColumns(List.of(keyColumns));
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder batchInterval(Duration batchInterval) {
            this.batchInterval = batchInterval;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public JdbcConfig build() {
            require(
                    url != null && url.startsWith("jdbc:postgresql:"),
                    "JDBC destination URL must start with jdbc:postgresql:, got %s",
                    url);
            require(
                    table != null && TABLE.matcher(table).matches(),
                    "JDBC destination table must be a table name such as events,"
                            + " analytics.events or \"Events\", got %s",
                    table);
            for (String c : columns) {
                require(
                        c != null && !c.isBlank(),
                        "JDBC destination column names must not be blank");
            }
            for (String k : keyColumns) {
                require(
                        k != null && !k.isBlank(),
                        "JDBC destination key column names must not be blank");
                require(
                        columns.isEmpty() || columns.stream().anyMatch(k::equalsIgnoreCase),
                        "JDBC destination key column %s is not among the columns %s",
                        k,
                        columns);
            }
            require(
                    batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
                    "JDBC destination batch size must be 1 to %d, got %d",
                    MAX_BATCH_SIZE,
                    batchSize);
            require(
                    batchInterval != null && !batchInterval.isNegative(),
                    "JDBC destination batch interval must not be negative, got %s",
                    batchInterval);
            require(
                    maxRetries >= 0 && maxRetries <= 100,
                    "JDBC destination retries must be 0 to 100, got %d",
                    maxRetries);
            return new JdbcConfig(
                    url,
                    table,
                    user,
                    password,
                    columns,
                    keyColumns,
                    batchSize,
                    batchInterval,
                    maxRetries);
        }

        private static void require(boolean ok, String message, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(message, args));
            }
        }
    }

    @Override
    public String toString() {
        // Never the password.
        return "JdbcConfig{" + url + ", table " + table + ", user " + user + "}";
    }
}

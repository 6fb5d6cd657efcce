package dev.brook.catalog;

import dev.brook.store.BrookException;
import dev.brook.store.BrookStore;
import dev.brook.store.StreamMetadata;
import dev.brook.store.StreamNames;
import dev.brook.store.StreamSettings;
import dev.brook.table.BrookConnectorOptions;
import dev.brook.table.BrookDynamicTableFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.AbstractCatalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogPartition;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.apache.flink.table.expressions.DefaultSqlFactory;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.util.TimeUtils;

/**
 * A Flink catalog whose tables are the streams of one Brook store, in one database, {@code
 * default}.
 *
 * <ul>
 *   <li>{@code CREATE TABLE} creates the stream: options {@code 'shards'} (default 1) and {@code
 *       'retention'} (default 24 h) size it; the rest of the table (columns, computed columns,
 *       watermark, PARTITIONED BY, comment, options such as the format) is stored in the stream's
 *       metadata properties under {@value #PROPERTY_PREFIX}.
 *   <li>{@code ALTER TABLE} stores the new definition; changing {@code 'retention'} changes the
 *       stream's retention period, changing {@code 'shards'} reshards it to that many shards.
 *   <li>{@code DROP TABLE} deletes the stream and its data.
 *   <li>A stream created outside SQL (no stored definition) is a table {@code (data BYTES,
 *       partition_key STRING METADATA, sequence_number, shard_id, arrival_time METADATA VIRTUAL)}
 *       in the {@code raw} format.
 * </ul>
 *
 * Every table it returns carries {@code 'connector' = 'brook'}, {@code 'root'} and {@code 'stream'}
 * (the table's name), which are therefore never stored.
 */
public final class BrookCatalog extends AbstractCatalog {
    public static final String DATABASE = "default";

    /** Prefix of the stream metadata properties that hold a table definition. */
    public static final String PROPERTY_PREFIX = "flink.table.";

    /** Table option: the number of shards of a stream the catalog creates (default 1). */
    public static final String SHARDS = BrookConnectorOptions.SHARDS.key();

    /** Table option: the retention period of a stream the catalog creates (default 24 h). */
    public static final String RETENTION = BrookConnectorOptions.RETENTION.key();

    private static final List<String> INJECTED =
            List.of(
                    "connector",
                    BrookConnectorOptions.ROOT.key(),
                    BrookConnectorOptions.STREAM.key());

    private final String root;
    private BrookStore store;

    public BrookCatalog(String name, String root) {
        super(name, DATABASE);
        try {
            this.root = BrookStore.requireRoot(root, "catalog " + name);
        } catch (BrookException e) {
            throw new CatalogException(e.getMessage(), e);
        }
    }

    public String root() {
        return root;
    }

    @Override
    public void open() {
        store = BrookStore.open(root);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private BrookStore store() {
        if (store == null) {
            throw new CatalogException("catalog " + getName() + " is not open");
        }
        return store;
    }

    // ------------------------------------------------------------------ databases

    @Override
    public List<String> listDatabases() {
        return List.of(DATABASE);
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return new CatalogDatabaseImpl(Map.of(), "the streams under " + root);
    }

    @Override
    public boolean databaseExists(String databaseName) {
        return DATABASE.equals(databaseName);
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists) {
        throw oneDatabase();
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade) {
        throw oneDatabase();
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists) {
        throw oneDatabase();
    }

    private CatalogException oneDatabase() {
        return new CatalogException(
                "catalog " + getName() + " has one database, '" + DATABASE + "', and no others");
    }

    private void checkDatabase(String databaseName) throws DatabaseNotExistException {
        if (!databaseExists(databaseName)) {
            throw new DatabaseNotExistException(getName(), databaseName);
        }
    }

    // ------------------------------------------------------------------ tables

    @Override
    public List<String> listTables(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return store().listStreams();
    }

    @Override
    public List<String> listViews(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return List.of();
    }

    @Override
    public boolean tableExists(ObjectPath path) {
        return databaseExists(path.getDatabaseName())
                && legalName(path.getObjectName())
                && streamExists(path.getObjectName());
    }

    private static boolean legalName(String name) {
        try {
            StreamNames.validate(name);
            return true;
        } catch (BrookException e) {
            return false;
        }
    }

    private boolean streamExists(String stream) {
        try {
            store().metadata(stream);
            return true;
        } catch (BrookException e) {
            if ("ResourceNotFoundException".equals(e.errorCode())) {
                return false;
            }
            throw new CatalogException(e.getMessage(), e);
        }
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path) throws TableNotExistException {
        if (!tableExists(path)) {
            throw new TableNotExistException(getName(), path);
        }
        String stream = path.getObjectName();
        StreamMetadata meta;
        try {
            meta = store().metadata(stream);
        } catch (BrookException e) {
            if ("ResourceNotFoundException".equals(e.errorCode())) {
                throw new TableNotExistException(getName(), path, e);
            }
            throw new CatalogException(e.getMessage(), e);
        }
        Map<String, String> stored = new HashMap<>();
        meta.properties()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(PROPERTY_PREFIX)) {
                                stored.put(k.substring(PROPERTY_PREFIX.length()), v);
                            }
                        });
        CatalogTable table =
                stored.isEmpty()
                        ? defaultTable(meta)
                        : CatalogPropertiesUtil.deserializeCatalogTable(stored);
        Map<String, String> options = new HashMap<>(table.getOptions());
        options.put("connector", BrookDynamicTableFactory.IDENTIFIER);
        options.put(BrookConnectorOptions.ROOT.key(), root);
        options.put(BrookConnectorOptions.STREAM.key(), stream);
        return table.copy(options);
    }

    /**
     * The table of a stream without a stored definition: the data as raw bytes, plus every metadata
     * column ({@code partition_key} is writable, the others read-only).
     */
    static CatalogTable defaultTable(StreamMetadata meta) {
        Schema schema =
                Schema.newBuilder()
                        .column("data", DataTypes.BYTES())
                        .columnByMetadata("partition_key", DataTypes.STRING())
                        .columnByMetadata("sequence_number", DataTypes.STRING(), true)
                        .columnByMetadata("shard_id", DataTypes.STRING(), true)
                        .columnByMetadata("arrival_time", DataTypes.TIMESTAMP_LTZ(3), true)
                        .build();
        return CatalogTable.newBuilder()
                .schema(schema)
                .comment(
                        "Brook stream "
                                + meta.streamName()
                                + " (created outside SQL: its data as raw bytes)")
                .options(Map.of(BrookConnectorOptions.FORMAT.key(), "raw"))
                .build();
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException {
        checkDatabase(path.getDatabaseName());
        ResolvedCatalogTable resolved = resolvedTable(table);
        String stream = path.getObjectName();
        try {
            StreamNames.validate(stream);
        } catch (BrookException e) {
            throw new CatalogException("cannot create table " + path + ": " + e.getMessage(), e);
        }
        if (streamExists(stream)) {
            if (ignoreIfExists) {
                return;
            }
            throw new TableAlreadyExistException(getName(), path);
        }
        Map<String, String> options = resolved.getOptions();
        int shards = shards(options.get(SHARDS), BrookConnectorOptions.SHARDS.defaultValue());
        BrookStore s = store();
        StreamSettings settings = StreamSettings.defaults(s.config());
        if (options.containsKey(RETENTION)) {
            settings = settings.withRetention(retention(options.get(RETENTION)));
        }
        settings = settings.withProperties(definition(resolved, stream));
        try {
            s.createStream(stream, shards, settings);
        } catch (BrookException e) {
            if ("ResourceInUseException".equals(e.errorCode())) {
                if (ignoreIfExists) {
                    return;
                }
                throw new TableAlreadyExistException(getName(), path, e);
            }
            throw new CatalogException("cannot create table " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!tableExists(path)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), path);
        }
        ResolvedCatalogTable resolved = resolvedTable(newTable);
        String stream = path.getObjectName();
        BrookStore s = store();
        Map<String, String> options = resolved.getOptions();
        try {
            if (options.containsKey(RETENTION)) {
                Duration retention = retention(options.get(RETENTION));
                if (retention.toMillis() != s.metadata(stream).retentionMillis()) {
                    s.setRetention(stream, retention);
                }
            }
            if (options.containsKey(SHARDS)) {
                int shards =
                        shards(options.get(SHARDS), BrookConnectorOptions.SHARDS.defaultValue());
                if (shards != s.metadata(stream).openShards().size()) {
                    s.updateShardCount(stream, shards);
                }
            }
            Map<String, String> props = new HashMap<>(s.metadata(stream).properties());
            props.keySet().removeIf(k -> k.startsWith(PROPERTY_PREFIX));
            props.putAll(definition(resolved, stream));
            s.setProperties(stream, props);
        } catch (BrookException e) {
            throw new CatalogException("cannot alter table " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
            throws TableNotExistException {
        if (!tableExists(path)) {
            if (ignoreIfNotExists) {
                return;
            }
            throw new TableNotExistException(getName(), path);
        }
        try {
            store().deleteStream(path.getObjectName());
        } catch (BrookException e) {
            throw new CatalogException("cannot drop table " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void renameTable(ObjectPath path, String newTableName, boolean ignoreIfNotExists) {
        throw new CatalogException(
                "cannot rename table " + path + ": Brook streams cannot be renamed");
    }

    private ResolvedCatalogTable resolvedTable(CatalogBaseTable table) {
        if (!(table instanceof ResolvedCatalogTable)) {
            throw new CatalogException(
                    "catalog "
                            + getName()
                            + " holds only tables (each one a Brook stream), not "
                            + table.getTableKind());
        }
        return (ResolvedCatalogTable) table;
    }

    /**
     * The table's definition as stream properties: without the options the catalog supplies
     * (connector, root, stream) or turns into stream settings (shards, retention).
     */
    private Map<String, String> definition(ResolvedCatalogTable table, String stream) {
        Map<String, String> options = new HashMap<>(table.getOptions());
        String connector = options.get("connector");
        if (connector != null && !connector.equals(BrookDynamicTableFactory.IDENTIFIER)) {
            throw new CatalogException(
                    "catalog "
                            + getName()
                            + " holds Brook streams: 'connector' must be '"
                            + BrookDynamicTableFactory.IDENTIFIER
                            + "' or left out, not '"
                            + connector
                            + "'");
        }
        String otherStream = options.get(BrookConnectorOptions.STREAM.key());
        if (otherStream != null && !otherStream.equals(stream)) {
            throw new CatalogException(
                    "in catalog "
                            + getName()
                            + " a table is the stream of its name: 'stream' = '"
                            + otherStream
                            + "' differs from the table name '"
                            + stream
                            + "'");
        }
        String otherRoot = options.get(BrookConnectorOptions.ROOT.key());
        if (otherRoot != null && !sameRoot(otherRoot, root)) {
            throw new CatalogException(
                    "in catalog "
                            + getName()
                            + " every table lives under the catalog's root "
                            + root
                            + ", not 'root' = '"
                            + otherRoot
                            + "'");
        }
        options.keySet().removeAll(INJECTED);
        options.remove(SHARDS);
        options.remove(RETENTION);
        if (!options.containsKey(BrookConnectorOptions.FORMAT.key())) {
            throw new CatalogException(
                    "table "
                            + stream
                            + " needs a 'format' option (json, csv, raw, avro, ...) for its"
                            + " records' data");
        }
        ResolvedCatalogTable stripped = table.copy(options);
        Map<String, String> out = new HashMap<>();
        CatalogPropertiesUtil.serializeCatalogTable(stripped, DefaultSqlFactory.INSTANCE)
                .forEach((k, v) -> out.put(PROPERTY_PREFIX + k, v));
        return out;
    }

    private static boolean sameRoot(String a, String b) {
        return stripSlash(BrookStore.requireRoot(a, "option 'root'"))
                .equals(stripSlash(BrookStore.requireRoot(b, "option 'root'")));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static int shards(String value, int dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CatalogException(
                "Invalid value '" + value + "' for table option '" + SHARDS + "': 1 to 10000");
    }

    private static Duration retention(String value) {
        try {
            Duration d = TimeUtils.parseDuration(value);
            if (!d.isZero() && !d.isNegative()) {
                return d;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // reported below
        }
        throw new CatalogException(
                "Invalid value '"
                        + value
                        + "' for table option '"
                        + RETENTION
                        + "': a positive duration such as '24 h' or '7 d'");
    }

    // ------------------------------------------------------------------ partitions: none kept

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path) {
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitions(ObjectPath path, CatalogPartitionSpec spec) {
        return List.of();
    }

    @Override
    public List<CatalogPartitionSpec> listPartitionsByFilter(
            ObjectPath path, List<Expression> filters) {
        return List.of();
    }

    @Override
    public CatalogPartition getPartition(ObjectPath path, CatalogPartitionSpec spec)
            throws PartitionNotExistException {
        throw new PartitionNotExistException(getName(), path, spec);
    }

    @Override
    public boolean partitionExists(ObjectPath path, CatalogPartitionSpec spec) {
        return false;
    }

    @Override
    public void createPartition(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogPartition partition,
            boolean ignoreIfExists) {
        throw noPartitions();
    }

    @Override
    public void dropPartition(ObjectPath path, CatalogPartitionSpec spec, boolean ignore) {
        throw noPartitions();
    }

    @Override
    public void alterPartition(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogPartition partition,
            boolean ignoreIfNotExists) {
        throw noPartitions();
    }

    private static CatalogException noPartitions() {
        return new CatalogException(
                "Brook tables keep no partitions: PARTITIONED BY columns only choose the records'"
                        + " partition key");
    }

    // ------------------------------------------------------------------ functions: none

    @Override
    public List<String> listFunctions(String databaseName) throws DatabaseNotExistException {
        checkDatabase(databaseName);
        return List.of();
    }

    @Override
    public CatalogFunction getFunction(ObjectPath path) throws FunctionNotExistException {
        throw new FunctionNotExistException(getName(), path);
    }

    @Override
    public boolean functionExists(ObjectPath path) {
        return false;
    }

    @Override
    public void createFunction(ObjectPath path, CatalogFunction function, boolean ignoreIfExists) {
        throw noFunctions();
    }

    @Override
    public void alterFunction(
            ObjectPath path, CatalogFunction newFunction, boolean ignoreIfNotExists) {
        throw noFunctions();
    }

    @Override
    public void dropFunction(ObjectPath path, boolean ignoreIfNotExists) {
        throw noFunctions();
    }

    private CatalogException noFunctions() {
        return new CatalogException(
                "catalog "
                        + getName()
                        + " keeps no functions: create them as temporary functions or in"
                        + " another catalog");
    }

    // ------------------------------------------------------------------ statistics: unknown

    @Override
    public CatalogTableStatistics getTableStatistics(ObjectPath path) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getTableColumnStatistics(ObjectPath path) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public CatalogTableStatistics getPartitionStatistics(
            ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogTableStatistics.UNKNOWN;
    }

    @Override
    public CatalogColumnStatistics getPartitionColumnStatistics(
            ObjectPath path, CatalogPartitionSpec spec) {
        return CatalogColumnStatistics.UNKNOWN;
    }

    @Override
    public void alterTableStatistics(
            ObjectPath path, CatalogTableStatistics stats, boolean ignoreIfNotExists) {}

    @Override
    public void alterTableColumnStatistics(
            ObjectPath path, CatalogColumnStatistics stats, boolean ignoreIfNotExists) {}

    @Override
    public void alterPartitionStatistics(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogTableStatistics stats,
            boolean ignoreIfNotExists) {}

    @Override
    public void alterPartitionColumnStatistics(
            ObjectPath path,
            CatalogPartitionSpec spec,
            CatalogColumnStatistics stats,
            boolean ignoreIfNotExists) {}
}

package dev.brook.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.store.BrookStore;
import dev.brook.store.StartingPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.FactoryUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every option of {@code 'connector' = 'brook'} reaches the source or sink it configures, and every
 * malformed or conflicting option fails with a {@link ValidationException} naming the option and
 * what is wrong. Runs the factory the way the planner does ({@link FactoryUtil}), without a
 * cluster.
 */
class BrookTableFactoryTest {
    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("name", DataTypes.STRING()),
                    Column.metadata("ts", DataTypes.TIMESTAMP_LTZ(3), "arrival_time", true));

    @TempDir Path dir;
    private String root;

    @BeforeEach
    void createStream() {
        root = dir.toString();
        try (BrookStore store = BrookStore.open(root)) {
            store.createStream("s", 2);
        }
    }

    private Map<String, String> options(String... more) {
        Map<String, String> o = new HashMap<>();
        o.put("connector", "brook");
        o.put("root", root);
        o.put("stream", "s");
        o.put("format", "json");
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                o.remove(more[i]);
            } else {
                o.put(more[i], more[i + 1]);
            }
        }
        return o;
    }

    private static ResolvedCatalogTable table(Map<String, String> options, List<String> keys) {
        CatalogTable t =
                CatalogTable.newBuilder()
                        .schema(Schema.newBuilder().fromResolvedSchema(SCHEMA).build())
                        .partitionKeys(keys)
                        .options(options)
                        .build();
        return new ResolvedCatalogTable(t, SCHEMA);
    }

    private static DynamicTableSource source(Map<String, String> options) {
        return source(options, new Configuration());
    }

    private static DynamicTableSource source(Map<String, String> options, Configuration config) {
        return FactoryUtil.createDynamicTableSource(
                null,
                ObjectIdentifier.of("c", "d", "t"),
                table(options, List.of()),
                Map.of(),
                config,
                BrookTableFactoryTest.class.getClassLoader(),
                false);
    }

    private static DynamicTableSink sink(Map<String, String> options, List<String> keys) {
        return FactoryUtil.createDynamicTableSink(
                null,
                ObjectIdentifier.of("c", "d", "t"),
                table(options, keys),
                Map.of(),
                new Configuration(),
                BrookTableFactoryTest.class.getClassLoader(),
                false);
    }

    private static BrookDynamicSource.Settings sourceSettings(Map<String, String> options) {
        return ((BrookDynamicSource) source(options)).settings();
    }

    private static BrookDynamicSink.Settings sinkSettings(
            Map<String, String> options, List<String> keys) {
        return ((BrookDynamicSink) sink(options, keys)).settings();
    }

    /** The messages of an exception and its causes, one per line. */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static void assertSourceFails(Map<String, String> options, String... parts) {
        assertThatThrownBy(() -> source(options))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(messages(e)).contains(parts));
    }

    private static void assertSinkFails(
            Map<String, String> options, List<String> keys, String... parts) {
        assertThatThrownBy(() -> sink(options, keys))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(messages(e)).contains(parts));
    }

    /** Every option the factory and catalog accept is in BrookConnectorOptions, described. */
    @Test
    void everyOptionIsDeclaredInOneClassWithADescription() throws Exception {
        java.util.Set<String> declared = new java.util.TreeSet<>();
        for (java.lang.reflect.Field f : BrookConnectorOptions.class.getFields()) {
            if (f.get(null) instanceof org.apache.flink.configuration.ConfigOption) {
                org.apache.flink.configuration.ConfigOption<?> o =
                        (org.apache.flink.configuration.ConfigOption<?>) f.get(null);
                assertThat(o.description().toString()).as(o.key()).isNotBlank();
                declared.add(o.key());
            }
        }
        BrookDynamicTableFactory factory = new BrookDynamicTableFactory();
        java.util.Set<String> used = new java.util.TreeSet<>();
        factory.requiredOptions().forEach(o -> used.add(o.key()));
        factory.optionalOptions().forEach(o -> used.add(o.key()));
        new dev.brook.catalog.BrookCatalogFactory()
                .requiredOptions()
                .forEach(o -> used.add(o.key()));
        used.add(dev.brook.catalog.BrookCatalog.SHARDS);
        used.add(dev.brook.catalog.BrookCatalog.RETENTION);
        assertThat(declared).isEqualTo(used);
        assertThat(declared)
                .contains(
                        "stream",
                        "root",
                        "format",
                        "scan.startup.mode",
                        "scan.startup.timestamp-millis",
                        "scan.startup.sequence-number",
                        "scan.bounded",
                        "scan.consumer-name",
                        "scan.shard-discovery.interval",
                        "scan.deserialization-errors",
                        "scan.deserialization-errors.stream",
                        "sink.delivery-guarantee",
                        "sink.flush-interval",
                        "sink.batch-size",
                        "sink.route-by-shard",
                        "sink.partition-key",
                        "shards",
                        "retention");
    }

    // ------------------------------------------------------------------ values reach the source

    @Test
    void sourceDefaults() {
        assertThat(sourceSettings(options()))
                .isEqualTo(
                        new BrookDynamicSource.Settings(
                                BrookStore.requireRoot(root, "t"),
                                "s",
                                StartingPosition.trimHorizon(),
                                false,
                                null,
                                Duration.ofSeconds(2)));
    }

    @Test
    void everySourceOption() {
        assertThat(
                        sourceSettings(
                                options(
                                        "scan.startup.mode", "at-timestamp",
                                        "scan.startup.timestamp-millis", "1700000000000",
                                        "scan.bounded", "true",
                                        "scan.consumer-name", "reporting.v2",
                                        "scan.shard-discovery.interval", "250 ms")))
                .isEqualTo(
                        new BrookDynamicSource.Settings(
                                BrookStore.requireRoot(root, "t"),
                                "s",
                                StartingPosition.atTimestamp(1_700_000_000_000L),
                                true,
                                "reporting.v2",
                                Duration.ofMillis(250)));
    }

    @ParameterizedTest
    @CsvSource({"trim-horizon,TRIM_HORIZON", "latest,LATEST", "TRIM-HORIZON,TRIM_HORIZON"})
    void startupModesWithoutArguments(String mode, StartingPosition.Type type) {
        assertThat(sourceSettings(options("scan.startup.mode", mode)).start())
                .isEqualTo(new StartingPosition(type, null, 0));
    }

    @Test
    void startupAtAndAfterSequenceNumber() {
        String seq = new dev.brook.store.SequenceNumber(1, 42).toString();
        assertThat(
                        sourceSettings(
                                        options(
                                                "scan.startup.mode",
                                                "at-sequence-number",
                                                "scan.startup.sequence-number",
                                                seq))
                                .start())
                .isEqualTo(StartingPosition.atSequenceNumber(seq));
        assertThat(
                        sourceSettings(
                                        options(
                                                "scan.startup.mode",
                                                "after-sequence-number",
                                                "scan.startup.sequence-number",
                                                seq))
                                .start())
                .isEqualTo(StartingPosition.afterSequenceNumber(seq));
    }

    @Test
    void relativeRootIsMadeAbsolute() {
        assertThat(sourceSettings(options()).root()).startsWith("file:/");
    }

    // ------------------------------------------------------------------ values reach the sink

    @Test
    void sinkDefaults() {
        assertThat(sinkSettings(options(), List.of("name")))
                .isEqualTo(
                        new BrookDynamicSink.Settings(
                                BrookStore.requireRoot(root, "t"),
                                "s",
                                DeliveryGuarantee.AT_LEAST_ONCE,
                                Duration.ofMillis(50),
                                MemorySize.parse("1mb"),
                                true,
                                List.of("name"),
                                null));
    }

    @Test
    void everySinkOption() {
        assertThat(
                        sinkSettings(
                                options(
                                        "sink.delivery-guarantee", "exactly-once",
                                        "sink.flush-interval", "2 s",
                                        "sink.batch-size", "64 kb",
                                        "sink.route-by-shard", "false",
                                        "sink.partition-key", "name;id",
                                        "sink.parallelism", "3"),
                                List.of()))
                .isEqualTo(
                        new BrookDynamicSink.Settings(
                                BrookStore.requireRoot(root, "t"),
                                "s",
                                DeliveryGuarantee.EXACTLY_ONCE,
                                Duration.ofSeconds(2),
                                MemorySize.parse("64kb"),
                                false,
                                List.of("name", "id"),
                                3));
    }

    @ParameterizedTest
    @CsvSource({
        "exactly-once,EXACTLY_ONCE",
        "at-least-once,AT_LEAST_ONCE",
        "none,NONE",
        "Exactly-Once,EXACTLY_ONCE"
    })
    void deliveryGuarantees(String value, DeliveryGuarantee expected) {
        assertThat(
                        sinkSettings(options("sink.delivery-guarantee", value), List.of("id"))
                                .deliveryGuarantee())
                .isEqualTo(expected);
    }

    @Test
    void partitionedByColumnsAreTheKey() {
        assertThat(sinkSettings(options(), List.of("id", "name")).keyColumns())
                .containsExactly("id", "name");
    }

    // ------------------------------------------------------------------ validation errors

    @Test
    void missingRequiredOptions() {
        assertSourceFails(options("stream", null), "Missing required options", "stream");
        assertSourceFails(options("root", null), "Missing required options", "root");
        assertSinkFails(options("format", null), List.of("id"), "format");
    }

    @Test
    void unknownOptionIsNamed() {
        assertSourceFails(
                options("scan.startup.modee", "latest"),
                "Unsupported options",
                "scan.startup.modee");
    }

    @Test
    void unknownFormat() {
        assertSourceFails(options("format", "nosuch"), "nosuch");
    }

    @Test
    void badStreamNames() {
        assertSourceFails(
                options("stream", "bad/name"),
                "Invalid value 'bad/name' for option 'stream'",
                "only letters, digits");
        assertSourceFails(
                options("stream", "missing"),
                "Invalid value 'missing' for option 'stream'",
                "no such stream");
        assertSinkFails(options("stream", "missing"), List.of("id"), "no such stream");
    }

    // ------------------------------------------------------------------ deserialization errors

    private static BrookDynamicSource.ErrorHandling errorHandling(Map<String, String> options) {
        return ((BrookDynamicSource) source(options)).errorHandling();
    }

    @Test
    void deserializationErrorsFailByDefault() {
        assertThat(errorHandling(options()))
                .isEqualTo(
                        new BrookDynamicSource.ErrorHandling(
                                BrookConnectorOptions.DeserializationErrors.FAIL, "json", null));
        assertThat(errorHandling(options("scan.deserialization-errors", "skip")).mode())
                .isEqualTo(BrookConnectorOptions.DeserializationErrors.SKIP);
    }

    @Test
    void routedDeserializationErrorsGoToTheirStream() {
        try (BrookStore store = BrookStore.open(root)) {
            store.createStream("s-errors", 1);
        }
        assertThat(
                        errorHandling(
                                options(
                                        "scan.deserialization-errors", "route",
                                        "scan.deserialization-errors.stream", "s-errors")))
                .isEqualTo(
                        new BrookDynamicSource.ErrorHandling(
                                BrookConnectorOptions.DeserializationErrors.ROUTE,
                                "json",
                                "s-errors"));
    }

    @Test
    void routeNeedsAnExistingOtherStream() {
        assertSourceFails(
                options("scan.deserialization-errors", "route"),
                "option 'scan.deserialization-errors.stream' is required when"
                        + " 'scan.deserialization-errors' = 'route'");
        assertSourceFails(
                options(
                        "scan.deserialization-errors", "route",
                        "scan.deserialization-errors.stream", "missing"),
                "Invalid value 'missing' for option 'scan.deserialization-errors.stream'",
                "no such stream");
        assertSourceFails(
                options(
                        "scan.deserialization-errors", "route",
                        "scan.deserialization-errors.stream", "bad/name"),
                "Invalid value 'bad/name' for option 'scan.deserialization-errors.stream'");
        assertSourceFails(
                options(
                        "scan.deserialization-errors", "route",
                        "scan.deserialization-errors.stream", "s"),
                "Invalid value 's' for option 'scan.deserialization-errors.stream'",
                "the table's own stream");
    }

    @Test
    void errorStreamOnlyWithRoute() {
        assertSourceFails(
                options(
                        "scan.deserialization-errors", "skip",
                        "scan.deserialization-errors.stream", "s"),
                "option 'scan.deserialization-errors.stream' is only used with"
                        + " 'scan.deserialization-errors' = 'route', not 'skip'");
        assertSourceFails(
                options("scan.deserialization-errors", "ignore"),
                "scan.deserialization-errors",
                "ignore");
    }

    @Test
    void blankRoot() {
        assertSourceFails(options("root", " "), "option 'root'");
    }

    @Test
    void unknownStartupMode() {
        assertSourceFails(
                options("scan.startup.mode", "earliest"), "scan.startup.mode", "earliest");
    }

    @Test
    void atTimestampNeedsItsTimestamp() {
        assertSourceFails(
                options("scan.startup.mode", "at-timestamp"),
                "option 'scan.startup.timestamp-millis' is required when 'scan.startup.mode' ="
                        + " 'at-timestamp'");
        assertSourceFails(
                options(
                        "scan.startup.mode", "at-timestamp",
                        "scan.startup.timestamp-millis", "-1"),
                "Invalid value '-1' for option 'scan.startup.timestamp-millis'");
        assertSourceFails(
                options(
                        "scan.startup.mode", "at-timestamp",
                        "scan.startup.timestamp-millis", "yesterday"),
                "scan.startup.timestamp-millis",
                "yesterday");
    }

    @Test
    void timestampOnlyWithAtTimestamp() {
        assertSourceFails(
                options("scan.startup.timestamp-millis", "5"),
                "option 'scan.startup.timestamp-millis' is only used with 'scan.startup.mode' ="
                        + " 'at-timestamp', not 'trim-horizon'");
    }

    @Test
    void sequenceNumberModesNeedAValidNumber() {
        assertSourceFails(
                options("scan.startup.mode", "after-sequence-number"),
                "option 'scan.startup.sequence-number' is required when 'scan.startup.mode' ="
                        + " 'after-sequence-number'");
        assertSourceFails(
                options(
                        "scan.startup.mode", "at-sequence-number",
                        "scan.startup.sequence-number", "12x"),
                "Invalid value '12x' for option 'scan.startup.sequence-number'");
        assertSourceFails(
                options("scan.startup.mode", "latest", "scan.startup.sequence-number", "1"),
                "option 'scan.startup.sequence-number' is only used with 'scan.startup.mode' ="
                        + " 'at-sequence-number' or 'after-sequence-number', not 'latest'");
    }

    @Test
    void badBoundedFlag() {
        assertSourceFails(options("scan.bounded", "maybe"), "scan.bounded", "maybe");
    }

    @Test
    void batchModeNeedsABoundedSource() {
        Configuration batch = new Configuration();
        batch.setString("execution.runtime-mode", "batch");
        assertThatThrownBy(() -> source(options(), batch))
                .isInstanceOf(ValidationException.class)
                .satisfies(
                        e ->
                                assertThat(messages(e))
                                        .contains(
                                                "is read in batch mode",
                                                "set 'scan.bounded' = 'true'"));
        assertThat(
                        ((BrookDynamicSource) source(options("scan.bounded", "true"), batch))
                                .settings()
                                .bounded())
                .isTrue();
    }

    @Test
    void badConsumerName() {
        assertSourceFails(
                options("scan.consumer-name", ".hidden"),
                "Invalid value '.hidden' for option 'scan.consumer-name'");
    }

    @Test
    void badShardDiscoveryInterval() {
        assertSourceFails(
                options("scan.shard-discovery.interval", "0 s"),
                "for option 'scan.shard-discovery.interval': it must be positive");
        assertSourceFails(
                options("scan.shard-discovery.interval", "soon"),
                "scan.shard-discovery.interval",
                "soon");
    }

    @Test
    void badSinkValues() {
        assertSinkFails(
                options("sink.delivery-guarantee", "twice"),
                List.of("id"),
                "sink.delivery-guarantee",
                "twice");
        assertSinkFails(
                options("sink.flush-interval", "0 ms"),
                List.of("id"),
                "for option 'sink.flush-interval': it must be positive");
        assertSinkFails(
                options("sink.batch-size", "0 b"),
                List.of("id"),
                "for option 'sink.batch-size': it must be 1 byte to 256 mb");
        assertSinkFails(
                options("sink.batch-size", "300 mb"),
                List.of("id"),
                "Invalid value '300 mb' for option 'sink.batch-size'");
        assertSinkFails(
                options("sink.route-by-shard", "yes please"), List.of("id"), "sink.route-by-shard");
        assertSinkFails(
                options("sink.parallelism", "0"),
                List.of("id"),
                "Invalid value '0' for option 'sink.parallelism'");
    }

    @Test
    void partitionKeyColumnsMustBePhysicalAndGivenOnce() {
        assertSinkFails(
                options("sink.partition-key", "nope"),
                List.of(),
                "option 'sink.partition-key' names 'nope', which is not a physical column",
                "[id, name]");
        assertSinkFails(
                options("sink.partition-key", "ts"),
                List.of(),
                "names 'ts', which is not a physical column");
        assertSinkFails(
                options("sink.partition-key", "name"),
                List.of("id"),
                "is PARTITIONED BY [id] and also sets 'sink.partition-key' = [name]: use one of"
                        + " them");
    }
}

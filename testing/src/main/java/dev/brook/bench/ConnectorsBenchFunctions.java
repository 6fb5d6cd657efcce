package dev.brook.bench;

import dev.brook.sink.BrookSerializationSchema;
import dev.brook.source.BrookDeserializationSchema;
import dev.brook.store.Record;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the jobs of {@code bin/bench connectors} run: the generator over pre-built records, each
 * peer's (de)serialization of the same record type, a counting discard sink, and the latency probe.
 * The MiniCluster runs in the benchmark's JVM, so the functions find the pre-built records and
 * report their timings through static registries keyed by a run id.
 *
 * <p>A record is a {@code Tuple2<String, byte[]>}: partition key (Kafka's record key) and data.
 * Every peer turns it into its own bytes the way a user of that connector would: Brook takes the
 * key as a String, Kafka gets {@code key.getBytes(UTF_8)} and the data array, the file sink writes
 * {@code [key length][key][data length][data]} with one write call per record.
 */
final class ConnectorsBenchFunctions {
    private ConnectorsBenchFunctions() {}

    static final TypeInformation<Tuple2<String, byte[]>> RECORD_TYPE =
            Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.BYTE));

    /** Pre-built records by data set id. */
    static final Map<String, Tuple2<String, byte[]>[]> DATA = new ConcurrentHashMap<>();

    /** Timings and counts by run id. */
    static final Map<String, RunStats> RUNS = new ConcurrentHashMap<>();

    /**
     * CPU time used so far, in ns, by this JVM and by the processes of {@link #OTHER_PIDS} (the
     * Kafka broker), so that a run's CPU cost can be told apart from other load on the machine.
     */
    static long cpuNanos() {
        long cpu =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
        for (long pid : OTHER_PIDS) {
            cpu += procCpuNanos(pid);
        }
        return cpu;
    }

    /** Processes whose CPU time counts with this JVM's in {@link #cpuNanos}. */
    static final List<Long> OTHER_PIDS = new CopyOnWriteArrayList<>();

    /** User + system CPU time of a process from /proc (0 where there is no /proc). */
    private static long procCpuNanos(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat; here indices 11 and 12 (after pid, comm)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** USER_HZ: 100 on Linux. */
    private static final long CLOCK_TICKS = 100;

    /** What one job run reports: first and last event times, counts, generator progress. */
    static final class RunStats {
        final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);

        /** {@link #cpuNanos} when the first record was seen. */
        final AtomicLong cpuAtFirst = new AtomicLong(Long.MIN_VALUE);

        /** {@link #cpuNanos} when the last subtask saw the end of its input. */
        final AtomicLong cpuAtLast = new AtomicLong(Long.MIN_VALUE);

        final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger splitsDone = new AtomicInteger();
        final AtomicInteger sinksDone = new AtomicInteger();

        /** Latency probe: stamp (ns) and latency (ns) of each record seen, in arrival order. */
        final long[] stamps;

        final long[] latencies;
        final AtomicInteger latencyCount = new AtomicInteger();

        RunStats(int latencyCapacity) {
            stamps = new long[latencyCapacity];
            latencies = new long[latencyCapacity];
        }

        void first(long nanos) {
            firstNanos.accumulateAndGet(nanos, Math::min);
            if (cpuAtFirst.get() == Long.MIN_VALUE) {
                cpuAtFirst.compareAndSet(Long.MIN_VALUE, cpuNanos());
            }
        }

        void last(long nanos) {
            lastNanos.accumulateAndGet(nanos, Math::max);
            cpuAtLast.accumulateAndGet(cpuNanos(), Math::max);
        }
    }

    static RunStats register(String runId, int latencyCapacity) {
        RunStats s = new RunStats(latencyCapacity);
        RUNS.put(runId, s);
        return s;
    }

    // ------------------------------------------------------------------------------ generator

    /**
     * Index to the pre-built record (cycling through them when more are asked for than were built):
     * what {@code DataGeneratorSource} calls per record. Notes the time of its first record, and
     * counts the generator splits it has finished (the last index of each split is known in
     * advance), so the benchmark can tell when all input was generated.
     */
    static final class PooledGenerator implements GeneratorFunction<Long, Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String dataId;
        private final String runId;
        private final long[] splitEnds;
        private transient Tuple2<String, byte[]>[] records;
        private transient RunStats stats;
        private transient boolean started;

        PooledGenerator(String dataId, String runId, long[] splitEnds) {
            this.dataId = dataId;
            this.runId = runId;
            this.splitEnds = splitEnds;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            records = DATA.get(dataId);
            stats = RUNS.get(runId);
        }

        @Override
        public Tuple2<String, byte[]> map(Long index) {
            long i = index;
            if (!started) {
                started = true;
                stats.first(System.nanoTime());
            }
            for (long end : splitEnds) {
                if (i == end) {
                    stats.splitsDone.incrementAndGet();
                }
            }
            return records[(int) (i % records.length)];
        }
    }

    /**
     * For the latency probe: a copy of a pre-built record whose first 8 data bytes are the time it
     * was made ({@link System#nanoTime}, the same clock as the probe's, in the same JVM).
     */
    static final class StampingGenerator
            implements GeneratorFunction<Long, Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String dataId;
        private transient Tuple2<String, byte[]>[] records;

        StampingGenerator(String dataId) {
            this.dataId = dataId;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            records = DATA.get(dataId);
        }

        @Override
        public Tuple2<String, byte[]> map(Long index) {
            Tuple2<String, byte[]> r = records[(int) (index % records.length)];
            byte[] data = r.f1.clone();
            putLong(data, System.nanoTime());
            return Tuple2.of(r.f0, data);
        }
    }

    static void putLong(byte[] b, long v) {
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    static long getLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    // ------------------------------------------------------------------------------ sinks

    /**
     * Discards records, counting them and their data bytes, and notes the time of its first record
     * and of the end of its input.
     */
    static final class CountingSink implements Sink<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        CountingSink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<Tuple2<String, byte[]>> createWriter(WriterInitContext context) {
            RunStats stats = RUNS.get(runId);
            return new SinkWriter<>() {
                long count;
                long bytes;
                long first;
                boolean reported;

                @Override
                public void write(Tuple2<String, byte[]> element, Context context) {
                    if (count == 0) {
                        first = System.nanoTime();
                        stats.first(first);
                    }
                    count++;
                    bytes += element.f1.length;
                }

                @Override
                public void flush(boolean endOfInput) {
                    if (endOfInput && !reported) {
                        report();
                    }
                }

                private void report() {
                    reported = true;
                    long now = System.nanoTime();
                    if (count > 0) {
                        stats.last(now);
                    }
                    stats.records.addAndGet(count);
                    stats.bytes.addAndGet(bytes);
                    stats.sinksDone.incrementAndGet();
                }

                @Override
                public void close() {}
            };
        }
    }

    /**
     * Records, for each record, when it was made (stamped in its data) and how long ago that is.
     */
    static final class LatencySink implements Sink<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String runId;

        LatencySink(String runId) {
            this.runId = runId;
        }

        @Override
        public SinkWriter<Tuple2<String, byte[]>> createWriter(WriterInitContext context) {
            RunStats stats = RUNS.get(runId);
            return new SinkWriter<>() {
                @Override
                public void write(Tuple2<String, byte[]> element, Context context) {
                    long now = System.nanoTime();
                    long stamp = getLong(element.f1);
                    int i = stats.latencyCount.getAndIncrement();
                    if (i < stats.latencies.length) {
                        stats.stamps[i] = stamp;
                        stats.latencies[i] = now - stamp;
                    }
                    stats.records.incrementAndGet();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    // ------------------------------------------------------------------------------ brook

    static final class BrookRecordSchema
            implements BrookSerializationSchema<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public String partitionKey(Tuple2<String, byte[]> element) {
            return element.f0;
        }

        @Override
        public byte[] data(Tuple2<String, byte[]> element) {
            return element.f1;
        }
    }

    static final class BrookRecordDeserializer
            implements BrookDeserializationSchema<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(Record record, Collector<Tuple2<String, byte[]>> out) {
            out.collect(Tuple2.of(record.partitionKey(), record.data()));
        }

        @Override
        public TypeInformation<Tuple2<String, byte[]>> getProducedType() {
            return RECORD_TYPE;
        }
    }

    // ------------------------------------------------------------------------------ kafka

    static final class KafkaRecordSchema
            implements KafkaRecordSerializationSchema<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        KafkaRecordSchema(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                Tuple2<String, byte[]> element, KafkaSinkContext context, Long timestamp) {
            // No partition: Kafka's default partitioner hashes the key (murmur2), as a user's
            // keyed records would be.
            return new ProducerRecord<>(
                    topic, null, null, element.f0.getBytes(StandardCharsets.UTF_8), element.f1);
        }
    }

    static final class KafkaRecordDeserializer
            implements KafkaRecordDeserializationSchema<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<Tuple2<String, byte[]>> out) {
            out.collect(
                    Tuple2.of(new String(record.key(), StandardCharsets.UTF_8), record.value()));
        }

        @Override
        public TypeInformation<Tuple2<String, byte[]>> getProducedType() {
            return RECORD_TYPE;
        }
    }

    // ------------------------------------------------------------------------------ files

    /** Bytes of a record in the files: key length, key, data length, data. */
    static long fileFrame(int keyLength, int dataLength) {
        return 8L + keyLength + dataLength;
    }

    /**
     * Writes {@code [key length i32][key][data length i32][data]} with one write call per record
     * (the part file stream of Flink's local file system is unbuffered, and an encoder cannot
     * buffer across records without losing them at a checkpoint).
     */
    static final class FramedEncoder implements Encoder<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        private transient byte[] scratch;

        @Override
        public void encode(Tuple2<String, byte[]> element, OutputStream stream) throws IOException {
            byte[] key = element.f0.getBytes(StandardCharsets.UTF_8);
            byte[] data = element.f1;
            int size = 8 + key.length + data.length;
            if (scratch == null || scratch.length < size) {
                scratch = new byte[Math.max(size, 4096)];
            }
            byte[] b = scratch;
            putInt(b, 0, key.length);
            System.arraycopy(key, 0, b, 4, key.length);
            putInt(b, 4 + key.length, data.length);
            System.arraycopy(data, 0, b, 8 + key.length, data.length);
            stream.write(b, 0, size);
        }

        private static void putInt(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 24);
            b[off + 1] = (byte) (v >>> 16);
            b[off + 2] = (byte) (v >>> 8);
            b[off + 3] = (byte) v;
        }
    }

    /** Reads what {@link FramedEncoder} wrote, through a 64 KiB buffer. */
    static final class FramedFormat extends SimpleStreamFormat<Tuple2<String, byte[]>> {
        private static final long serialVersionUID = 1L;
        static final int BUFFER = 64 * 1024;

        @Override
        public StreamFormat.Reader<Tuple2<String, byte[]>> createReader(
                Configuration config, FSDataInputStream stream) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(stream, BUFFER));
            return new StreamFormat.Reader<>() {
                @Override
                public Tuple2<String, byte[]> read() throws IOException {
                    int b0 = in.read();
                    if (b0 < 0) {
                        return null;
                    }
                    int keyLength =
                            (b0 << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                    byte[] key = new byte[keyLength];
                    in.readFully(key);
                    int dataLength = in.readInt();
                    if (dataLength < 0) {
                        throw new EOFException("bad data length " + dataLength);
                    }
                    byte[] data = new byte[dataLength];
                    in.readFully(data);
                    return Tuple2.of(new String(key, StandardCharsets.UTF_8), data);
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public TypeInformation<Tuple2<String, byte[]>> getProducedType() {
            return RECORD_TYPE;
        }
    }
}

package dev.brook.bench;

import dev.brook.client.Consumer;
import dev.brook.client.Producer;
import dev.brook.client.SentRecord;
import dev.brook.store.BrookStore;
import dev.brook.store.HashKey;
import dev.brook.store.Record;
import dev.brook.store.RecordHandler;
import dev.brook.store.ShardIds;
import dev.brook.store.ShardMetadata;
import dev.brook.store.ShardRouter;
import dev.brook.store.StreamMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * {@code bin/bench store}: the stream store's throughput against the raw disk, in one run on the
 * same machine and the same records.
 *
 * <ul>
 *   <li><b>write</b>: {@link Producer#write} of every record (or {@link Producer#send}, keeping
 *       every future, with {@code --futures}), then {@link Producer#flush} (timed together),
 *       against a plain buffered {@link FileChannel} writer that frames the same records (length,
 *       CRC32C, key, data) into one file per shard. The producer publishes from one background
 *       thread, so the raw writer gets one thread too.
 *   <li><b>read</b>: a {@link Consumer} polling into a {@link RecordHandler} (or, with {@code
 *       --poll-lists}, polling lists) until every record was read (every record checked, by one
 *       CRC32C per segment; the consumer's reader opens segments ahead on one shared thread),
 *       against a plain sequential {@link FileChannel} read of the raw files through a buffer. Both
 *       touch every record's data the same way, and both read files they have just written, so both
 *       read from the page cache.
 * </ul>
 *
 * Records are generated before anything is timed. Every path is warmed up, then measured several
 * times, interleaved with its counterpart; the median is reported.
 */
public final class StoreBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;

    /** Bytes of a raw frame around key and data: length i32, CRC32C i32, key length u16. */
    static final int RAW_FRAME_OVERHEAD = 10;

    static final int IO_BUFFER = 1 << 20;

    private static final int POLL_RECORDS = 10_000;

    /** Settings from the command line. */
    static final class Options {
        /** Records per data size; 0: about 256 MiB of data per size, 50 000 to 1 000 000. */
        long records;

        int[] sizes = {100, 1024};
        int shards = 4;
        int keys = 10_000;
        int iterations = 5;

        /**
         * Three: a read run is a third of a second, and the code run once per segment (opening,
         * mapping, checking it) reaches the JIT's top tier only after a few of them; the first runs
         * after one warm-up measured up to 40% slower than the steady state.
         */
        int warmups = 3;

        Path dir;
        boolean keep;
        long seed = 42;
        boolean writes = true;
        boolean futures;
        boolean pollLists;
        boolean reads = true;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h":
                    case "--help":
                        usage(OUT);
                        System.exit(0);
                        break;
                    case "--records":
                        o.records = Long.parseLong(value(args, ++i, a).replace("_", ""));
                        break;
                    case "--iterations":
                        o.iterations = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--warmups":
                        o.warmups = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--shards":
                        o.shards = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--keys":
                        o.keys = Integer.parseInt(value(args, ++i, a));
                        break;
                    case "--sizes":
                        o.sizes =
                                Arrays.stream(value(args, ++i, a).split(","))
                                        .mapToInt(s -> Integer.parseInt(s.trim()))
                                        .toArray();
                        break;
                    case "--dir":
                        o.dir = Paths.get(value(args, ++i, a));
                        break;
                    case "--only":
                        String only = value(args, ++i, a);
                        if (!only.equals("write") && !only.equals("read")) {
                            fail("--only takes write or read");
                        }
                        o.writes = only.equals("write");
                        o.reads = only.equals("read");
                        break;
                    case "--futures":
                        o.futures = true;
                        break;
                    case "--poll-lists":
                        o.pollLists = true;
                        break;
                    case "--keep":
                        o.keep = true;
                        break;
                    case "--seed":
                        o.seed = Long.parseLong(value(args, ++i, a));
                        break;
                    default:
                        LOG.println("bench store: unknown option " + a);
                        usage(LOG);
                        System.exit(2);
                }
            }
            if (o.records < 0 || o.records > Integer.MAX_VALUE) {
                fail("--records must be 1 to " + Integer.MAX_VALUE);
            }
            if (o.iterations < 1 || o.warmups < 0) {
                fail("--iterations must be at least 1 and --warmups at least 0");
            }
            if (o.shards < 1 || o.keys < 1 || o.sizes.length == 0) {
                fail("--shards, --keys and --sizes must be positive");
            }
            for (int s : o.sizes) {
                if (s < 0 || s > 1 << 20) {
                    fail("--sizes takes data sizes of 0 to 1048576 bytes");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            return BenchArgs.value("store", args, i, option);
        }

        private static void fail(String message) {
            BenchArgs.fail("store", message);
        }
    }

    static void usage(PrintStream out) {
        out.println(
                String.join(
                        "\n",
                        "Usage: bin/bench store [options]",
                        "",
                        "Brook's stream store against the raw disk, on the same machine and the"
                                + " same records:",
                        "  write  Producer.write for every record + flush, vs a buffered FileChannel"
                                + " writer of the same",
                        "         framed records (length, CRC32C, key, data), one file per shard,"
                                + " one thread",
                        "  read   Consumer.poll(max, handler) until every record is read (CRC32C"
                                + " checked), vs a"
                                + " sequential FileChannel",
                        "         read of the raw files; both read from the page cache",
                        "Prints records/s and MB/s per path, then 'ratio <path> brook/raw <value>'"
                                + " lines.",
                        "",
                        "Options:",
                        "  --records N      records per data size (default: about 256 MiB of"
                                + " data, at most",
                        "                   1000000: 1000000 of 100 B, 247000 of 1 KiB)",
                        "  --sizes A,B      record data sizes in bytes (default 100,1024)",
                        "  --iterations N   measured runs per path; the median is reported"
                                + " (default 5)",
                        "  --warmups N      unmeasured runs per path first (default 3)",
                        "  --shards N       shards of the stream, files of the raw side"
                                + " (default 4)",
                        "  --keys N         distinct partition keys (default 10000)",
                        "  --dir PATH       where to write: a fresh directory is made inside PATH"
                                + " and deleted",
                        "                   afterwards (default: the system temp directory)",
                        "  --only write|read  measure only writes, or only reads (of data"
                                + " written once, unmeasured)",
                        "  --futures        write with Producer.send, keeping every record's future,"
                                + " instead of",
                        "                   Producer.write (no future; failures surface at flush)",
                        "  --poll-lists     read with Consumer.poll(max), which returns a list,"
                                + " instead of",
                        "                   Consumer.poll(max, handler)",
                        "  --keep           keep the files written",
                        "  --seed N         random seed of the generated records (default 42)",
                        "",
                        "Environment: BENCH_JAVA_OPTS adds JVM options (e.g. a JFR recording)."));
    }

    /** Records generated up front: keys (shared strings), data (one array per record), shard. */
    static final class Data {
        final int dataSize;
        final int n;
        final String[] keyStrings;
        final byte[][] keyBytes;
        final int[] keyIndex;
        final int[] keyShard;
        final byte[][] data;
        final long payloadBytes;
        final long rawFileBytes;

        Data(int dataSize, Options o, ShardRouter router) {
            this.dataSize = dataSize;
            this.n = (int) (o.records > 0 ? o.records : defaultRecords(dataSize));
            SplittableRandom random = new SplittableRandom(o.seed * 31 + dataSize);
            keyStrings = new String[o.keys];
            keyBytes = new byte[o.keys][];
            keyShard = new int[o.keys];
            for (int k = 0; k < o.keys; k++) {
                keyStrings[k] = String.format("user-%05d", k);
                keyBytes[k] = keyStrings[k].getBytes(StandardCharsets.UTF_8);
                ShardMetadata shard = router.route(HashKey.ofPartitionKey(keyStrings[k]));
                keyShard[k] = (int) ShardIds.ordinal(shard.shardId());
            }
            keyIndex = new int[n];
            data = new byte[n][];
            long payload = 0;
            for (int i = 0; i < n; i++) {
                keyIndex[i] = random.nextInt(o.keys);
                byte[] d = new byte[dataSize];
                for (int j = 0; j < dataSize; j += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8 && j + b < dataSize; b++) {
                        d[j + b] = (byte) (v >>> (8 * b));
                    }
                }
                data[i] = d;
                payload += keyBytes[keyIndex[i]].length + dataSize;
            }
            this.payloadBytes = payload;
            this.rawFileBytes = payload + (long) n * RAW_FRAME_OVERHEAD;
        }

        static long defaultRecords(int dataSize) {
            long n = (256L << 20) / (dataSize + 16) / 1000 * 1000;
            return Math.max(50_000, Math.min(1_000_000, n));
        }

        String label() {
            return dataSize == 1024
                    ? "1KiB"
                    : dataSize % 1024 == 0 ? dataSize / 1024 + "KiB" : dataSize + "B";
        }
    }

    /** Medians of one path, both sides. */
    record Result(String path, long records, long payloadBytes, double brookSecs, double rawSecs) {
        double ratio() {
            return rawSecs / brookSecs;
        }
    }

    private final Options o;
    private final Path work;
    private final BrookStore store;
    private final ShardRouter router;
    private long blackhole;

    StoreBenchmark(Options o, Path work) {
        this.o = o;
        this.work = work;
        this.store = BrookStore.open(work.resolve("brook").toString());
        StreamMetadata routing = store.createStream("routing", o.shards);
        this.router = new ShardRouter(routing);
        store.deleteStream("routing");
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path parent = o.dir != null ? o.dir : Paths.get(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "brook-bench-");
        List<Result> results;
        try {
            results = new StoreBenchmark(o, work).run();
        } finally {
            if (o.keep) {
                LOG.println("[bench] kept the files in " + work);
            } else {
                deleteTree(work);
            }
        }
        report(o, results);
    }

    List<Result> run() throws IOException {
        LOG.printf(
                "[bench] store: sizes %s, %d shards, %d keys, %d warm-up + %d measured runs per"
                        + " path, in %s%n",
                Arrays.toString(o.sizes), o.shards, o.keys, o.warmups, o.iterations, work);
        List<Result> writes = new ArrayList<>();
        List<Result> reads = new ArrayList<>();
        for (int size : o.sizes) {
            long g0 = System.nanoTime();
            Data d = new Data(size, o, router);
            LOG.printf(
                    "[bench] generated %,d records of %s in %.1f s%n",
                    d.n, d.label(), secs(System.nanoTime() - g0));
            String[] last = new String[1];
            Path[] lastRaw = new Path[1];
            // Every write goes to new files, and nothing is deleted until the end: deleting
            // thousands of files just before a timed write slows file creation on some
            // filesystems (ext4 without a journal skips recently freed inodes), which would
            // penalise the side that creates more files.
            Timed brookWrite =
                    it -> {
                        String stream = "w" + d.label() + "-" + it;
                        long t = writeBrook(d, stream);
                        last[0] = stream;
                        return t;
                    };
            Timed rawWrite =
                    it -> {
                        Path dir = work.resolve("raw").resolve(d.label() + "-" + it);
                        long t = writeRaw(d, dir);
                        lastRaw[0] = dir;
                        return t;
                    };
            if (o.writes) {
                writes.add(measure("write-" + d.label(), d, 1, brookWrite, rawWrite));
            } else {
                brookWrite.run(0);
                rawWrite.run(0);
                settle(work);
            }
            printOnDisk(d, last[0], lastRaw[0]);
            if (o.reads) {
                // Reads of a few hundred MB from the page cache take tens of milliseconds:
                // a run reads everything `passes` times, enough for the raw side to take
                // about 0.3 s, and both sides do the same number of passes.
                readBrook(d, last[0], 1);
                long rawOnce = Long.MAX_VALUE; // the fastest of a few passes: the first is cold
                for (int i = 0; i < 3; i++) {
                    rawOnce = Math.min(rawOnce, readRaw(d, lastRaw[0], 1));
                }
                int passes = (int) Math.max(1, Math.min(100, Math.ceil(0.3e9 / rawOnce)));
                LOG.printf("[bench] read-%s: %d passes over the data per run%n", d.label(), passes);
                reads.add(
                        measure(
                                "read-" + d.label(),
                                d,
                                passes,
                                it -> readBrook(d, last[0], passes),
                                it -> readRaw(d, lastRaw[0], passes)));
            }
        }
        List<Result> all = new ArrayList<>(writes);
        all.addAll(reads);
        LOG.println("[bench] (blackhole " + (blackhole & 1) + ")");
        return all;
    }

    @FunctionalInterface
    interface Timed {
        /** Runs one iteration (negative: warm-up) and returns its nanoseconds. */
        long run(int iteration) throws IOException;
    }

    /** Warm-ups, then measured runs of both sides, interleaved, alternating who goes first. */
    private Result measure(String path, Data d, int passes, Timed brook, Timed raw)
            throws IOException {
        long[] b = new long[o.iterations];
        long[] r = new long[o.iterations];
        for (int i = -o.warmups; i < o.iterations; i++) {
            boolean brookFirst = (i & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean isBrook = (side == 0) == brookFirst;
                Collect.garbageAndReferences();
                int it = i + o.warmups;
                long t = isBrook ? brook.run(it) : raw.run(it);
                if (path.startsWith("write")) {
                    settle(work);
                }
                if (i >= 0) {
                    (isBrook ? b : r)[i] = t;
                }
                LOG.printf(
                        "[bench] %-11s %-5s %s: %6.3f s  %,12.0f records/s%n",
                        path,
                        isBrook ? "brook" : "raw",
                        i < 0 ? "warm-up" : "run " + (i + 1),
                        secs(t),
                        (double) d.n * passes / secs(t));
            }
        }
        return new Result(
                path,
                (long) d.n * passes,
                d.payloadBytes * passes,
                secs(median(b)),
                secs(median(r)));
    }

    // ------------------------------------------------------------------------------ write

    private long writeBrook(Data d, String stream) {
        store.createStream(stream, o.shards);
        Producer producer = Producer.builder(store, stream).build();
        ThreadCpu cpu = new ThreadCpu("brook-producer-" + stream);
        long t0 = System.nanoTime();
        String[] keys = d.keyStrings;
        int[] keyIndex = d.keyIndex;
        byte[][] data = d.data;
        if (o.futures) {
            CompletableFuture<SentRecord> last = null;
            for (int i = 0; i < d.n; i++) {
                last = producer.send(keys[keyIndex[i]], data[i]);
            }
            producer.flush();
            check(last == null || last.isDone(), "the last future is not done after flush");
        } else {
            for (int i = 0; i < d.n; i++) {
                producer.write(keys[keyIndex[i]], data[i]);
            }
            producer.flush();
        }
        long t = System.nanoTime() - t0;
        LOG.printf(
                "[bench]   (CPU per record: caller's thread %.0f ns, publishing thread %.0f ns)%n",
                (double) cpu.callerNanos() / d.n, (double) cpu.otherNanos() / d.n);
        producer.close();
        long written = 0;
        for (ShardMetadata s : store.metadata(stream).shards()) {
            try {
                written += store.shardLog(stream, s.shardId()).endOffset();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        check(written == d.n, "brook wrote " + written + " of " + d.n + " records to " + stream);
        return t;
    }

    /**
     * CPU time of the calling thread and of one other live thread (found by name), from now: where
     * a pipeline of two threads spends its time per record. Zero where the JVM cannot tell.
     */
    static final class ThreadCpu {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        private final long otherId;
        private final long caller0;
        private final long other0;

        ThreadCpu(String otherThreadName) {
            long id = -1;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(otherThreadName)) {
                    id = t.getId();
                }
            }
            this.otherId = id;
            this.caller0 = MX.getCurrentThreadCpuTime();
            this.other0 = id < 0 ? 0 : MX.getThreadCpuTime(id);
        }

        long callerNanos() {
            return Math.max(0, MX.getCurrentThreadCpuTime() - caller0);
        }

        long otherNanos() {
            return otherId < 0 ? 0 : Math.max(0, MX.getThreadCpuTime(otherId) - other0);
        }
    }

    /** One thread frames every record into its shard's buffer and writes full buffers. */
    private long writeRaw(Data d, Path dir) throws IOException {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        FileChannel[] channels = new FileChannel[o.shards];
        ByteBuffer[] buffers = new ByteBuffer[o.shards];
        CRC32C crc = new CRC32C();
        try {
            for (int s = 0; s < o.shards; s++) {
                channels[s] =
                        FileChannel.open(
                                rawFile(dir, s),
                                StandardOpenOption.CREATE_NEW,
                                StandardOpenOption.WRITE);
                buffers[s] = ByteBuffer.allocateDirect(IO_BUFFER);
            }
            byte[][] keys = d.keyBytes;
            int[] keyIndex = d.keyIndex;
            int[] keyShard = d.keyShard;
            byte[][] data = d.data;
            for (int i = 0; i < d.n; i++) {
                int k = keyIndex[i];
                byte[] key = keys[k];
                byte[] value = data[i];
                int shard = keyShard[k];
                ByteBuffer buf = buffers[shard];
                int frame = RAW_FRAME_OVERHEAD + key.length + value.length;
                if (buf.remaining() < frame) {
                    drain(channels[shard], buf);
                }
                crc.reset();
                crc.update(key);
                crc.update(value);
                buf.putInt(2 + key.length + value.length);
                buf.putInt((int) crc.getValue());
                buf.putShort((short) key.length);
                buf.put(key);
                buf.put(value);
            }
            for (int s = 0; s < o.shards; s++) {
                drain(channels[s], buffers[s]);
            }
        } finally {
            for (FileChannel c : channels) {
                if (c != null) {
                    c.close();
                }
            }
        }
        long t = System.nanoTime() - t0;
        long size = 0;
        for (int s = 0; s < o.shards; s++) {
            size += Files.size(rawFile(dir, s));
        }
        check(size == d.rawFileBytes, "raw files hold " + size + " bytes, not " + d.rawFileBytes);
        return t;
    }

    private static void drain(FileChannel channel, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    private static Path rawFile(Path dir, int shard) {
        return dir.resolve(String.format("shard-%d.raw", shard));
    }

    // ------------------------------------------------------------------------------ read

    private long readBrook(Data d, String stream, int passes) {
        long t0 = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            readBrookOnce(d, stream);
        }
        return System.nanoTime() - t0;
    }

    private void readBrookOnce(Data d, String stream) {
        long count = 0;
        int emptyPolls = 0;
        Touched touched = new Touched();
        try (Consumer consumer = Consumer.builder(store, stream).build()) {
            while (count < d.n) {
                int polled;
                if (o.pollLists) {
                    List<Record> records = consumer.poll(POLL_RECORDS);
                    for (int i = 0, m = records.size(); i < m; i++) {
                        touched.handle(records.get(i));
                    }
                    polled = records.size();
                } else {
                    polled = consumer.poll(POLL_RECORDS, touched);
                }
                count += polled;
                if (polled == 0 && consumer.caughtUp() && ++emptyPolls > 100) {
                    break;
                }
            }
        }
        blackhole += touched.sink;
        check(count == d.n, "brook read " + count + " of " + d.n + " records of " + stream);
        check(touched.bytes == (long) d.n * d.dataSize, "brook read " + touched.bytes + " bytes");
    }

    /** Touches every record's data as the raw reader does, counting its bytes. */
    private static final class Touched implements RecordHandler {
        long bytes;
        long sink;

        @Override
        public void handle(Record record) {
            ByteBuffer data = record.dataBuffer();
            int len = data.remaining();
            sink += touch(data, 0, len);
            bytes += len;
        }
    }

    /** One thread reads each shard's file sequentially through one buffer, frame by frame. */
    private long readRaw(Data d, Path dir, int passes) throws IOException {
        long t0 = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            readRawOnce(d, dir);
        }
        return System.nanoTime() - t0;
    }

    private void readRawOnce(Data d, Path dir) throws IOException {
        long count = 0;
        long bytes = 0;
        long sink = 0;
        ByteBuffer buf = ByteBuffer.allocateDirect(IO_BUFFER);
        for (int s = 0; s < o.shards; s++) {
            try (FileChannel channel = FileChannel.open(rawFile(dir, s), StandardOpenOption.READ)) {
                buf.clear();
                while (true) {
                    int n = channel.read(buf);
                    buf.flip();
                    int p = buf.position();
                    int limit = buf.limit();
                    while (limit - p >= RAW_FRAME_OVERHEAD) {
                        int body = buf.getInt(p);
                        if (limit - p < 8 + body) {
                            break;
                        }
                        int keyLen = buf.getShort(p + 8) & 0xFFFF;
                        int dataLen = body - 2 - keyLen;
                        sink += touch(buf, p + RAW_FRAME_OVERHEAD + keyLen, dataLen);
                        bytes += dataLen;
                        count++;
                        p += 8 + body;
                    }
                    buf.position(p);
                    buf.compact();
                    if (n < 0) {
                        check(buf.position() == 0, "raw file " + s + " ends inside a record");
                        break;
                    }
                }
            }
        }
        blackhole += sink;
        check(count == d.n, "raw read " + count + " of " + d.n + " records");
        check(bytes == (long) d.n * d.dataSize, "raw read " + bytes + " bytes of data");
    }

    /**
     * What both readers do with a record's data: its length and one byte of every 64 (every cache
     * line) plus the last, so the data is really read and nothing is optimised away.
     */
    static long touch(ByteBuffer b, int off, int len) {
        long s = len;
        int end = off + len;
        for (int i = off; i < end; i += 64) {
            s += b.get(i);
        }
        if (len > 0) {
            s += b.get(end - 1);
        }
        return s;
    }

    // ------------------------------------------------------------------------------ report

    private void printOnDisk(Data d, String stream, Path rawDir) throws IOException {
        long brookBytes = treeSize(work.resolve("brook").resolve(stream));
        long rawBytes = treeSize(rawDir);
        LOG.printf(
                "[bench] on disk for %s: brook %.1f MB, raw %.1f MB (payload %.1f MB)%n",
                d.label(), brookBytes / 1e6, rawBytes / 1e6, d.payloadBytes / 1e6);
    }

    static void report(Options o, List<Result> results) {
        OUT.printf(
                "Brook store benchmark: %d shards, %d partition keys; median of %d runs after %d"
                        + " unmeasured ones%n",
                o.shards, o.keys, o.iterations, o.warmups);
        OUT.println(
                (o.futures ? "write: Producer.send (futures kept)" : "write: Producer.write")
                        + " + flush (the caller's thread + its 1 publishing thread)"
                        + " vs raw: 1 thread framing into a buffered FileChannel per shard;"
                        + " into the page cache, no fsync on either side (files are flushed"
                        + " between runs, untimed)");
        OUT.println(
                (o.pollLists
                                ? "read:  Consumer.poll(max) lists"
                                : "read:  Consumer.poll(max, handler)")
                        + " (the caller's thread + 1 shared thread opening segments ahead;"
                        + " CRC32C checked) vs raw: 1 thread, sequential"
                        + " FileChannel read; both read files they just wrote, from the page"
                        + " cache");
        OUT.println("MB/s counts partition key + data bytes (1 MB = 10^6 bytes)");
        OUT.println();
        OUT.printf("%-11s %-6s %14s %10s %14s%n", "path", "side", "records/s", "MB/s", "records");
        for (Result r : results) {
            line(r.path(), "brook", r.records(), r.payloadBytes(), r.brookSecs());
            line(r.path(), "raw", r.records(), r.payloadBytes(), r.rawSecs());
        }
        OUT.println();
        Map<String, Result> byPath = new LinkedHashMap<>();
        results.stream()
                .sorted(Comparator.comparing((Result r) -> r.path().startsWith("read")))
                .forEach(r -> byPath.put(r.path(), r));
        for (Result r : byPath.values()) {
            OUT.printf(Locale.ROOT, "ratio %s brook/raw %.2f%n", r.path(), r.ratio());
        }
    }

    private static void line(String path, String side, long records, long bytes, double secs) {
        OUT.printf(
                Locale.ROOT,
                "%-11s %-6s %,14.0f %10.1f %,14d%n",
                path,
                side,
                records / secs,
                bytes / secs / 1e6,
                records);
    }

    // ------------------------------------------------------------------------------ helpers

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }

    /**
     * Flushes every file written so far to disk (untimed), so that each timed write starts with no
     * dirty pages left by the one before and neither side pays for the other's writeback.
     */
    private static void settle(Path root) throws IOException {
        long t0 = System.nanoTime();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
                    c.force(true);
                } catch (IOException e) {
                    // deleted meanwhile, or a platform that cannot sync a read-only handle
                }
            }
        }
        LOG.printf(
                "[bench]   (flushed to disk in %.2f s, untimed)%n", secs(System.nanoTime() - t0));
    }

    private static long treeSize(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.brook.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.brook.store.BrookStore;
import dev.brook.store.BrookStoreOptions;
import dev.brook.store.PutRecordsEntry;
import dev.brook.store.PutRecordsResult;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "put-records",
        header = "Puts records from a file of JSON lines.",
        description = {
            "Puts many records from a file of JSON lines, one record per line:",
            "  {\"PartitionKey\": \"k\", \"Data\": \"text\"}",
            "with an optional \"ExplicitHashKey\" (decimal), or \"DataBase64\" instead of \"Data\""
                    + " for binary data. The ShardId, SequenceNumber and ApproximateArrivalTimestamp"
                    + " fields that 'brook tail' prints are ignored, so its output can be put again."
                    + " Blank lines are skipped.",
            "Records go to the store in batches of up to 500 (as PutRecords). Each record succeeds"
                    + " or fails on its own: the output lists a SequenceNumber and ShardId, or an"
                    + " ErrorCode and ErrorMessage, per record in input order. Exit code 0 even if"
                    + " some failed (as the AWS CLI); a line on stderr says how many.",
            "A line that is not valid JSON, or not a record, stops the run with an error naming"
                    + " the line: every record before it was put, none from it on.",
            "Large inputs: a progress line on stderr every 100000 records; above 10000 records the"
                    + " output is streamed, with FailedRecordCount after the Records."
        })
final class PutRecordsCommand extends BrookCommand {
    static final int BATCH_RECORDS = BrookStoreOptions.MAX_PUT_RECORDS;

    /** Kinesis' PutRecords request limit, so that memory stays bounded with large records. */
    static final long BATCH_BYTES = 5L * 1024 * 1024;

    static final int PROGRESS_EVERY = 100_000;
    static final int BUFFERED_RESULTS = 10_000;

    private static final Set<String> IGNORED_FIELDS =
            Set.of("ShardId", "SequenceNumber", "ApproximateArrivalTimestamp");
    private static final ObjectReader LINE_READER =
            JsonOutput.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Option(names = "--stream-name", required = true, paramLabel = "NAME")
    String streamName;

    @Option(
            names = "--records",
            required = true,
            paramLabel = "FILE",
            description = "A file of JSON lines (or file://FILE); '-' reads stdin.")
    String records;

    @Override
    protected int run(BrookStore store) throws IOException {
        store.metadata(streamName); // an unknown stream fails before any input is read
        InputStream raw;
        try {
            raw = Inputs.open(records, cli.stdin());
        } catch (IOException e) {
            throw usage("--records " + records + ": cannot read the file: " + Inputs.reason(e));
        }
        CountingInputStream counted = new CountingInputStream(raw);
        long start = System.nanoTime();
        long lineNo = 0;
        String badLine = null;
        ResultWriter results = new ResultWriter(out(), BUFFERED_RESULTS);
        Pipeline pipeline =
                new Pipeline(
                        batch -> store.putRecords(streamName, batch),
                        results,
                        put -> progress(put + " records, " + rate(counted.count(), start)));
        try (BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
                results;
                pipeline) {
            List<PutRecordsEntry> batch = new ArrayList<>(BATCH_RECORDS);
            long batchBytes = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                PutRecordsEntry entry;
                try {
                    entry = parse(line);
                } catch (BadLineException e) {
                    badLine = e.getMessage();
                    break;
                }
                batch.add(entry);
                batchBytes += entry.data().length;
                if (batch.size() >= BATCH_RECORDS || batchBytes >= BATCH_BYTES) {
                    pipeline.submit(batch);
                    batch = new ArrayList<>(BATCH_RECORDS);
                    batchBytes = 0;
                }
            }
            if (!batch.isEmpty()) {
                pipeline.submit(batch);
            }
            pipeline.drain();
            results.finish();
        }
        long put = pipeline.put();
        if (pipeline.reported()) {
            progress(
                    String.format(
                            Locale.ROOT,
                            "done: %d records in %.1f s, %s",
                            put,
                            (System.nanoTime() - start) / 1e9,
                            rate(counted.count(), start)));
        }
        if (badLine != null) {
            throw usage(
                    "line "
                            + lineNo
                            + " of "
                            + (records.equals("-") ? "stdin" : records)
                            + ": "
                            + badLine
                            + "; the "
                            + put
                            + " records before it were put (see the output), none from it on");
        }
        if (results.failed() > 0) {
            progress(
                    results.failed()
                            + " of "
                            + put
                            + " records failed; see ErrorCode and ErrorMessage in the output");
        }
        return BrookCli.EXIT_OK;
    }

    private static String rate(long bytes, long startNanos) {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
    }

    /** One JSON line as a record; throws naming what is wrong with it. */
    static PutRecordsEntry parse(String line) throws BadLineException {
        JsonNode n;
        try {
            n = LINE_READER.readTree(line);
        } catch (JsonProcessingException e) {
            String at =
                    e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new BadLineException(
                    "not valid JSON" + at + ": " + BrookCli.oneLine(e.getOriginalMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new BadLineException(
                    "expected a JSON object such as {\"PartitionKey\": \"k\", \"Data\": \"text\"}");
        }
        String key = null;
        byte[] data = null;
        String hashKey = null;
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            switch (f.getKey()) {
                case "PartitionKey":
                    key = text(f.getKey(), v);
                    break;
                case "Data":
                    if (data != null) {
                        throw new BadLineException("give either Data or DataBase64, not both");
                    }
                    data = text(f.getKey(), v).getBytes(StandardCharsets.UTF_8);
                    break;
                case "DataBase64":
                    if (data != null) {
                        throw new BadLineException("give either Data or DataBase64, not both");
                    }
                    try {
                        data = Base64.getDecoder().decode(text(f.getKey(), v));
                    } catch (IllegalArgumentException e) {
                        throw new BadLineException(
                                "DataBase64 is not valid base64: " + e.getMessage());
                    }
                    break;
                case "ExplicitHashKey":
                    if (v.isIntegralNumber()) {
                        hashKey = v.bigIntegerValue().toString();
                    } else if (!v.isNull()) {
                        hashKey = text(f.getKey(), v);
                    }
                    break;
                default:
                    if (!IGNORED_FIELDS.contains(f.getKey())) {
                        throw new BadLineException(
                                "unknown field \""
                                        + f.getKey()
                                        + "\"; a record has PartitionKey, Data (or DataBase64) and"
                                        + " optionally ExplicitHashKey");
                    }
            }
        }
        if (key == null) {
            throw new BadLineException("missing \"PartitionKey\"");
        }
        if (data == null) {
            throw new BadLineException("missing \"Data\" (or \"DataBase64\")");
        }
        return new PutRecordsEntry(key, data, hashKey);
    }

    private static String text(String field, JsonNode v) throws BadLineException {
        if (!v.isTextual()) {
            throw new BadLineException(
                    field
                            + " must be a string, got "
                            + v.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        return v.textValue();
    }

    /** A line that is not a record. */
    static final class BadLineException extends Exception {
        BadLineException(String message) {
            super(message);
        }
    }

    /**
     * Puts batches on one background thread while the next batch is parsed: one batch in flight at
     * a time, so batches land in input order and per-key order holds. Results are written, and
     * progress reported, by the caller's thread.
     */
    static final class Pipeline implements AutoCloseable {
        private final Function<List<PutRecordsEntry>, PutRecordsResult> putter;
        private final ResultWriter results;
        private final LongConsumer progress;
        private final ExecutorService thread =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "brook-put-records");
                            t.setDaemon(true);
                            return t;
                        });
        private Future<PutRecordsResult> inFlight;
        private int inFlightSize;
        private long put;
        private long nextProgress = PROGRESS_EVERY;
        private boolean reported;

        Pipeline(
                Function<List<PutRecordsEntry>, PutRecordsResult> putter,
                ResultWriter results,
                LongConsumer progress) {
            this.putter = putter;
            this.results = results;
            this.progress = progress;
        }

        /** Waits for the batch in flight, then starts putting this one. */
        void submit(List<PutRecordsEntry> batch) throws IOException {
            drain();
            inFlightSize = batch.size();
            inFlight = thread.submit(() -> putter.apply(batch));
        }

        /** Waits for the batch in flight, if any, and writes its results. */
        void drain() throws IOException {
            if (inFlight == null) {
                return;
            }
            PutRecordsResult r;
            try {
                r = inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while putting records");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IOException(e.getCause());
            } finally {
                inFlight = null;
            }
            results.add(r.records());
            put += inFlightSize;
            if (put >= nextProgress) {
                progress.accept(put);
                reported = true;
                nextProgress = (put / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
            }
        }

        long put() {
            return put;
        }

        boolean reported() {
            return reported;
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    /**
     * Writes the PutRecords-shaped result. Small results are printed at the end in the AWS CLI's
     * field order; past {@code bufferLimit} records they are streamed as they come, so memory stays
     * flat, and FailedRecordCount follows the Records. Closing finishes the JSON, so that what was
     * put is always on stdout, even when the run stops early.
     */
    static final class ResultWriter implements Closeable {
        private final Writer out;
        private final int bufferLimit;
        private final List<PutRecordsResult.Entry> buffered = new ArrayList<>();
        private JsonGenerator gen;
        private long failed;
        private boolean finished;

        ResultWriter(Writer out, int bufferLimit) {
            this.out = out;
            this.bufferLimit = bufferLimit;
        }

        long failed() {
            return failed;
        }

        void add(List<PutRecordsResult.Entry> entries) throws IOException {
            for (PutRecordsResult.Entry e : entries) {
                if (e.failed()) {
                    failed++;
                }
            }
            if (gen != null) {
                for (PutRecordsResult.Entry e : entries) {
                    write(e);
                }
                return;
            }
            buffered.addAll(entries);
            if (buffered.size() > bufferLimit) {
                gen = JsonOutput.prettyGenerator(out);
                gen.writeStartObject();
                gen.writeArrayFieldStart("Records");
                for (PutRecordsResult.Entry e : buffered) {
                    write(e);
                }
                buffered.clear();
            }
        }

        private void write(PutRecordsResult.Entry e) throws IOException {
            gen.writeStartObject();
            if (e.failed()) {
                gen.writeStringField("ErrorCode", e.errorCode());
                gen.writeStringField("ErrorMessage", e.errorMessage());
            } else {
                gen.writeStringField("SequenceNumber", e.sequenceNumber());
                gen.writeStringField("ShardId", e.shardId());
            }
            gen.writeEndObject();
        }

        void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            if (gen == null) {
                gen = JsonOutput.prettyGenerator(out);
                gen.writeStartObject();
                gen.writeNumberField("FailedRecordCount", failed);
                gen.writeArrayFieldStart("Records");
                for (PutRecordsResult.Entry e : buffered) {
                    write(e);
                }
                gen.writeEndArray();
            } else {
                gen.writeEndArray();
                gen.writeNumberField("FailedRecordCount", failed);
            }
            gen.writeEndObject();
            gen.flush();
            out.write('\n');
            out.flush();
        }

        @Override
        public void close() throws IOException {
            finish();
        }
    }

    /** Counts the bytes read, for the progress line's MB/s. */
    static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

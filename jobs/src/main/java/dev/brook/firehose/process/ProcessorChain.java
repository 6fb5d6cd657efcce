package dev.brook.firehose.process;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery stream's processors, built from Firehose-style {@link ProcessorSpec}s and run in the
 * order given. Serializable into the job; {@link #open()} once per parallel task, then {@link
 * #process} batch by batch from one thread.
 *
 * <table>
 *   <caption>Processor types and parameters (Firehose's names)</caption>
 *   <tr><th>Type</th><th>Parameters</th></tr>
 *   <tr><td>RecordDeAggregation</td><td>SubRecordType JSON|DELIMITED|KPL; Delimiter (base64, DELIMITED only)</td></tr>
 *   <tr><td>Decompression</td><td>CompressionFormat GZIP (default)</td></tr>
 *   <tr><td>Lambda</td><td>TransformerClassName; NumberOfRetries 0-300 (3); BufferSizeInMBs 0.2-3 (1);
 *       BufferIntervalInSeconds 60-900 (accepted, the job decides batch boundaries)</td></tr>
 *   <tr><td>MetadataExtraction</td><td>MetadataExtractionQuery (jq); JsonParsingEngine JQ-1.6 (default)</td></tr>
 *   <tr><td>AppendDelimiterToRecord</td><td>Delimiter (default a newline)</td></tr>
 * </table>
 */
public final class ProcessorChain implements Serializable {

    private static final long serialVersionUID = 1L;

    static final List<String> TYPES =
            List.of(
                    RecordDeAggregation.TYPE,
                    Decompression.TYPE,
                    LambdaProcessor.TYPE,
                    MetadataExtraction.TYPE,
                    AppendDelimiterToRecord.TYPE);

    private final List<RecordProcessor> processors;

    private transient List<CollectingOutput> collectors;

    private ProcessorChain(List<RecordProcessor> processors) {
        this.processors = processors;
    }

    /**
     * Builds the chain, checking every spec.
     *
     * @throws IllegalArgumentException naming the processor type, the parameter and what is allowed
     */
    public static ProcessorChain of(List<ProcessorSpec> specs) {
        Objects.requireNonNull(specs, "specs");
        List<RecordProcessor> processors = new ArrayList<>(specs.size());
        for (ProcessorSpec spec : specs) {
            processors.add(create(spec));
        }
        return new ProcessorChain(processors);
    }

    private static RecordProcessor create(ProcessorSpec spec) {
        String type = spec.type();
        Map<String, String> values = spec.parameters();
        switch (type) {
            case RecordDeAggregation.TYPE:
                return RecordDeAggregation.create(
                        new ProcessorParameters(
                                type,
                                values,
                                List.of(
                                        RecordDeAggregation.SUB_RECORD_TYPE,
                                        RecordDeAggregation.DELIMITER)));
            case Decompression.TYPE:
                return Decompression.create(
                        new ProcessorParameters(
                                type, values, List.of(Decompression.COMPRESSION_FORMAT)));
            case LambdaProcessor.TYPE:
                return LambdaProcessor.create(
                        new ProcessorParameters(type, values, LambdaProcessor.PARAMETERS));
            case MetadataExtraction.TYPE:
                return MetadataExtraction.create(
                        new ProcessorParameters(
                                type,
                                values,
                                List.of(
                                        MetadataExtraction.QUERY,
                                        MetadataExtraction.JSON_PARSING_ENGINE)));
            case AppendDelimiterToRecord.TYPE:
                return AppendDelimiterToRecord.create(
                        new ProcessorParameters(
                                type, values, List.of(AppendDelimiterToRecord.DELIMITER)));
            default:
                throw new IllegalArgumentException(
                        "Unknown processor type '"
                                + type
                                + "'; allowed: "
                                + String.join(", ", TYPES));
        }
    }

    /** The number of processors. */
    public int size() {
        return processors.size();
    }

    public void open() throws Exception {
        collectors = new ArrayList<>(processors.size());
        for (RecordProcessor processor : processors) {
            processor.open();
            collectors.add(new CollectingOutput());
        }
    }

    /**
     * Runs every processor in order over the batch. Records that come out of the last one go to
     * {@code out.emit}; failures of any processor go to {@code out.fail} at once.
     */
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) throws Exception {
        if (collectors == null) {
            throw new IllegalStateException("ProcessorChain.open() was not called");
        }
        List<FirehoseRecord> current = batch;
        for (int i = 0; i < processors.size(); i++) {
            CollectingOutput collector = collectors.get(i);
            collector.records.clear();
            collector.failures = out;
            processors.get(i).process(current, collector);
            current = collector.records;
        }
        for (FirehoseRecord record : current) {
            out.emit(record);
        }
        for (CollectingOutput collector : collectors) {
            collector.records.clear();
        }
    }

    /** Gathers one processor's output for the next; failures go straight through. */
    private static final class CollectingOutput implements ProcessorOutput {
        private final List<FirehoseRecord> records = new ArrayList<>();
        private ProcessorOutput failures;

        @Override
        public void emit(FirehoseRecord record) {
            records.add(record);
        }

        @Override
        public void fail(FailedRecord failed) {
            failures.fail(failed);
        }
    }
}

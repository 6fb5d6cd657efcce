package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firehose's {@code Lambda} processor with a {@link RecordTransformer} in place of the function:
 * calls it with batches of at most {@code BufferSizeInMBs} of data, retries a call that throws
 * {@code NumberOfRetries} times, and checks the results as Firehose checks a Lambda response.
 */
final class LambdaProcessor implements RecordProcessor {

    static final String TYPE = "Lambda";
    static final String TRANSFORMER_CLASS_NAME = "TransformerClassName";
    static final String NUMBER_OF_RETRIES = "NumberOfRetries";
    static final String BUFFER_SIZE_IN_MBS = "BufferSizeInMBs";
    static final String BUFFER_INTERVAL_IN_SECONDS = "BufferIntervalInSeconds";
    static final List<String> PARAMETERS =
            List.of(
                    TRANSFORMER_CLASS_NAME,
                    NUMBER_OF_RETRIES,
                    BUFFER_SIZE_IN_MBS,
                    BUFFER_INTERVAL_IN_SECONDS);

    static final String FUNCTION_ERROR = "Lambda.FunctionError";
    static final String MISSING_RECORD_ID = "Lambda.MissingRecordId";
    static final String DUPLICATED_RECORD_ID = "Lambda.DuplicatedRecordId";
    static final String PROCESSING_FAILED_STATUS = "Lambda.ProcessingFailedStatus";

    private static final Logger LOG = LoggerFactory.getLogger(LambdaProcessor.class);

    private final String className;
    private final int retries;
    private final long maxInvocationBytes;

    private transient RecordTransformer transformer;
    private transient List<FirehoseRecord> invocation;
    private transient Map<String, TransformResult> resultsById;
    private transient Set<String> duplicated;
    private transient Set<String> unknown;

    private LambdaProcessor(String className, int retries, long maxInvocationBytes) {
        this.className = className;
        this.retries = retries;
        this.maxInvocationBytes = maxInvocationBytes;
    }

    static LambdaProcessor create(ProcessorParameters parameters) {
        String className =
                parameters
                        .required(
                                TRANSFORMER_CLASS_NAME,
                                "the name of a RecordTransformer class with a public no-argument"
                                        + " constructor")
                        .trim();
        try {
            transformerClass(className);
        } catch (IllegalArgumentException e) {
            throw parameters.invalid(TRANSFORMER_CLASS_NAME, className, e.getMessage());
        }
        int retries = parameters.intValue(NUMBER_OF_RETRIES, 3, 0, 300);
        double bufferMbs = parameters.doubleValue(BUFFER_SIZE_IN_MBS, 1.0, 0.2, 3.0);
        // The job hands batches over at checkpoints and size limits; Firehose's interval is
        // accepted for compatibility, and checked, but the batch boundary is the job's.
        parameters.intValue(BUFFER_INTERVAL_IN_SECONDS, 60, 60, 900);
        return new LambdaProcessor(className, retries, (long) (bufferMbs * 1024 * 1024));
    }

    /** Loads the class with the user-code class loader and checks it can serve as transformer. */
    private static Class<? extends RecordTransformer> transformerClass(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LambdaProcessor.class.getClassLoader();
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    "a RecordTransformer class on the job's class path; no class '"
                            + className
                            + "' was found");
        }
        if (!RecordTransformer.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    "a class implementing " + RecordTransformer.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("a concrete class (this one is abstract)");
        }
        try {
            type.getConstructor();
            if (!Modifier.isPublic(type.getModifiers())) {
                throw new NoSuchMethodException(className + " is not public");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    "a public class with a public no-argument constructor");
        }
        return type.asSubclass(RecordTransformer.class);
    }

    @Override
    public void open() throws Exception {
        transformer = transformerClass(className).getConstructor().newInstance();
        transformer.open();
        invocation = new ArrayList<>();
        resultsById = new HashMap<>();
        duplicated = new LinkedHashSet<>();
        unknown = new LinkedHashSet<>();
    }

    @Override
    public void process(List<FirehoseRecord> batch, ProcessorOutput out) throws Exception {
        long bytes = 0;
        invocation.clear();
        for (FirehoseRecord record : batch) {
            int size = record.getData().length;
            if (!invocation.isEmpty() && bytes + size > maxInvocationBytes) {
                invoke(out);
                invocation.clear();
                bytes = 0;
            }
            invocation.add(record);
            bytes += size;
        }
        if (!invocation.isEmpty()) {
            invoke(out);
            invocation.clear();
        }
    }

    private void invoke(ProcessorOutput out) throws InterruptedException {
        List<FirehoseRecord> records = Collections.unmodifiableList(invocation);
        List<TransformResult> results = null;
        Exception failure = null;
        int attempts = 0;
        while (results == null && attempts <= retries) {
            attempts++;
            try {
                results = transformer.transform(records);
                if (results == null) {
                    throw new IllegalStateException("transform returned null instead of a list");
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e;
                results = null;
            }
        }
        if (results == null) {
            String message =
                    String.format(
                            "transformer %s failed %d attempt(s) (NumberOfRetries %d): %s",
                            className, attempts, retries, failure);
            LOG.warn(
                    "Lambda processor: {}; {} record(s) go to the error output",
                    message,
                    records.size());
            for (FirehoseRecord record : records) {
                out.fail(Failures.processingFailed(record, FUNCTION_ERROR, message, attempts));
            }
            return;
        }
        applyResults(records, results, attempts, out);
    }

    private void applyResults(
            List<FirehoseRecord> records,
            List<TransformResult> results,
            int attempts,
            ProcessorOutput out) {
        resultsById.clear();
        duplicated.clear();
        unknown.clear();
        for (FirehoseRecord record : records) {
            resultsById.put(record.getRecordId(), null);
        }
        for (TransformResult result : results) {
            if (result == null) {
                continue;
            }
            String id = result.recordId();
            if (!resultsById.containsKey(id)) {
                unknown.add(id);
            } else if (resultsById.put(id, result) != null) {
                duplicated.add(id);
            }
        }
        for (FirehoseRecord record : records) {
            String id = record.getRecordId();
            TransformResult result = resultsById.get(id);
            if (duplicated.contains(id)) {
                out.fail(
                        Failures.processingFailed(
                                record,
                                DUPLICATED_RECORD_ID,
                                "transformer "
                                        + className
                                        + " returned record id "
                                        + id
                                        + " more than once",
                                attempts));
            } else if (result == null) {
                out.fail(
                        Failures.processingFailed(
                                record,
                                MISSING_RECORD_ID,
                                "transformer "
                                        + className
                                        + " returned no result for record id "
                                        + id
                                        + (unknown.isEmpty()
                                                ? ""
                                                : "; it returned unknown record ids " + unknown),
                                attempts));
            } else {
                apply(record, result, attempts, out);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn(
                    "Lambda processor: transformer {} returned results for unknown record ids {};"
                            + " they are ignored",
                    className,
                    unknown);
        }
    }

    private void apply(
            FirehoseRecord record, TransformResult result, int attempts, ProcessorOutput out) {
        switch (result.status()) {
            case OK:
                FirehoseRecord transformed = record.withData(result.data());
                transformed.getPartitionKeys().putAll(result.partitionKeys());
                out.emit(transformed);
                break;
            case DROPPED:
                break;
            default:
                out.fail(
                        Failures.processingFailed(
                                record,
                                PROCESSING_FAILED_STATUS,
                                "transformer "
                                        + className
                                        + " returned ProcessingFailed"
                                        + (result.message().isEmpty()
                                                ? ""
                                                : ": " + result.message()),
                                attempts));
        }
    }
}

package dev.brook.firehose.process;

import dev.brook.firehose.FirehoseRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transformer for tests whose behaviour each record's data asks for: {@code upper:x} (Ok, upper
 * case), {@code drop}, {@code fail}, {@code dup} (two results), {@code omit} (no result), {@code
 * stranger} (a result under an unknown id instead), {@code key:k=v} (Ok with a partition key),
 * {@code throw:n} (the call throws until its n-th attempt); anything else comes back unchanged.
 */
public class ScriptedTransformer implements RecordTransformer {

    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    static final List<Integer> CALL_SIZES = new CopyOnWriteArrayList<>();
    static final AtomicInteger OPENED = new AtomicInteger();

    static void reset() {
        ATTEMPTS.clear();
        CALL_SIZES.clear();
        OPENED.set(0);
    }

    @Override
    public void open() {
        OPENED.incrementAndGet();
    }

    @Override
    public List<TransformResult> transform(List<FirehoseRecord> records) {
        CALL_SIZES.add(records.size());
        List<TransformResult> results = new ArrayList<>();
        for (FirehoseRecord record : records) {
            String id = record.getRecordId();
            String text = new String(record.getData(), StandardCharsets.UTF_8);
            if (text.startsWith("throw:")) {
                int attempt =
                        ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (attempt < Integer.parseInt(text.substring(6))) {
                    throw new IllegalStateException("attempt " + attempt + " of " + id + " breaks");
                }
                results.add(TransformResult.ok(id, record.getData()));
            } else if (text.startsWith("upper:")) {
                results.add(
                        TransformResult.ok(id, bytes(text.substring(6).toUpperCase(Locale.ROOT))));
            } else if (text.equals("drop")) {
                results.add(TransformResult.dropped(id));
            } else if (text.equals("fail")) {
                results.add(TransformResult.processingFailed(id, "told to fail"));
            } else if (text.equals("dup")) {
                results.add(TransformResult.ok(id, bytes("one")));
                results.add(TransformResult.ok(id, bytes("two")));
            } else if (text.equals("omit")) {
                continue;
            } else if (text.equals("stranger")) {
                results.add(TransformResult.ok(id + "-unknown", record.getData()));
            } else if (text.startsWith("key:")) {
                String[] pair = text.substring(4).split("=", 2);
                results.add(TransformResult.ok(id, record.getData(), Map.of(pair[0], pair[1])));
            } else {
                results.add(TransformResult.ok(id, record.getData()));
            }
        }
        return results;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.brook.firehose.destination;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Firehose's HTTP endpoint destination: batches records by the buffering hints, POSTs Firehose's
 * request JSON and retries a batch within the retry duration with the same {@code
 * X-Amz-Firehose-Request-Id}; the records of a batch that still fails come back as {@link
 * FailedRecord}s ({@code HTTP_ENDPOINT_FAILED}) for the error output. At-least-once under
 * checkpoints (see {@link HttpDeliveryOperator}).
 *
 * <pre>{@code
 * HttpEndpointConfig endpoint = HttpEndpointConfig.builder("https://collector.example.com/firehose")
 *         .name("collector").accessKey(key).contentEncoding(ContentEncoding.GZIP)
 *         .bufferSizeMiB(1).bufferIntervalSeconds(10).build();
 * DataStream<FailedRecord> failed = HttpEndpointDelivery.deliver(records, endpoint);
 * }</pre>
 */
public final class HttpEndpointDelivery {
    private HttpEndpointDelivery() {}

    public static DataStream<FailedRecord> deliver(
            DataStream<FirehoseRecord> records, HttpEndpointConfig config) {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(config, "config");
        return records.transform(
                        "HTTP endpoint " + config.name(),
                        TypeInformation.of(FailedRecord.class),
                        new HttpDeliveryOperatorFactory(config))
                .uid("http-endpoint-" + config.name());
    }
}

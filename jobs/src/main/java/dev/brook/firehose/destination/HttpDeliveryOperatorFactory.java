package dev.brook.firehose.destination;

import dev.brook.firehose.FailedRecord;
import dev.brook.firehose.FirehoseRecord;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/** Creates {@link HttpDeliveryOperator}s with the task's mailbox executor. */
final class HttpDeliveryOperatorFactory extends AbstractStreamOperatorFactory<FailedRecord>
        implements OneInputStreamOperatorFactory<FirehoseRecord, FailedRecord> {
    private static final long serialVersionUID = 1L;

    private final HttpEndpointConfig config;

    HttpDeliveryOperatorFactory(HttpEndpointConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<FailedRecord>> T createStreamOperator(
            StreamOperatorParameters<FailedRecord> parameters) {
        return (T) new HttpDeliveryOperator(parameters, config);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return HttpDeliveryOperator.class;
    }
}

package dev.brook.firehose.job;

import static dev.brook.testing.BrookAssertions.assertSameMultiset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.FirehoseRecord;
import dev.brook.firehose.config.DeliveryStreamDefinition;
import dev.brook.firehose.config.DeliveryStreamDefinitions;
import dev.brook.store.PutRecordsEntry;
import dev.brook.testing.BrookExtension;
import dev.brook.testing.FailingMap;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Direct PUT delivery stream delivered to an S3-compatible server (S3Proxy on an in-memory blob
 * store, started by the test) through Flink's S3 filesystem, with an injected task failure: the
 * objects hold the input exactly once, under Firehose's keys.
 */
class FirehoseS3DeliveryITCase {
    @RegisterExtension static final BrookExtension brook = BrookExtension.withMiniCluster(1, 2);

    private static final String ACCESS_KEY = "brook-access";
    private static final String SECRET_KEY = "brook-secret";
    private static final String BUCKET = "deliveries";

    private static BlobStoreContext blobs;
    private static S3Proxy s3;

    @BeforeAll
    static void startS3() throws Exception {
        blobs =
                ContextBuilder.newBuilder("transient")
                        .credentials("identity", "credential")
                        .build(BlobStoreContext.class);
        s3 =
                S3Proxy.builder()
                        .blobStore(blobs.getBlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
        s3.start();
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);

        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", "http://127.0.0.1:" + s3.getPort());
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", ACCESS_KEY);
        conf.setString("s3.secret-key", SECRET_KEY);
        conf.setString("fs.s3a.connection.ssl.enabled", "false");
        FileSystem.initialize(conf, null);
    }

    @AfterAll
    static void stopS3() throws Exception {
        FileSystem.initialize(new Configuration(), null);
        if (s3 != null) {
            s3.stop();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    @Test
    void deliversDirectPutRecordsToS3ExactlyOnce() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        DeliveryStreamDefinition definition =
                DeliveryStreamDefinitions.parse(
                        String.join(
                                "\n",
                                "DeliveryStreamName: orders-to-s3",
                                "DeliveryStreamType: DirectPut",
                                "DirectPutSourceConfiguration: {ShardCount: 2}",
                                "ExtendedS3DestinationConfiguration:",
                                "  Path: s3://" + BUCKET + "/firehose",
                                "  Prefix: 'orders/year=!{timestamp:yyyy}/'",
                                "  ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/'",
                                "  BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 0}"));
        FailingMap<FirehoseRecord> failures = FailingMap.failAfter(400, 1);
        FirehoseJob job =
                FirehoseJob.builder(definition)
                        .root(brook.root())
                        .bounded(true)
                        .afterSource(failures)
                        .build();
        job.prepareSource(); // creates the backing stream firehose-orders-to-s3

        List<String> input = new ArrayList<>();
        List<PutRecordsEntry> batch = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String line = "order-" + i + "-" + Long.toHexString(random.nextLong());
            input.add(line);
            batch.add(new PutRecordsEntry("k" + i, (line + "\n").getBytes(StandardCharsets.UTF_8)));
            if (batch.size() == 500) {
                brook.store().putRecords("firehose-orders-to-s3", batch);
                batch = new ArrayList<>();
            }
        }

        StreamExecutionEnvironment env = brook.env();
        env.enableCheckpointing(300);
        env.setParallelism(2);
        job.addTo(env);
        env.execute(job.jobName());

        assertThat(failures.failuresInjected()).isEqualTo(1);
        BlobStore store = blobs.getBlobStore();
        Pattern key =
                Pattern.compile(
                        "firehose/orders/year=\\d{4}/"
                                + FirehoseLocalDeliveryITCase.objectName("orders-to-s3", "")
                                        .pattern());
        List<String> delivered = new ArrayList<>();
        for (StorageMetadata m : store.list(BUCKET, ListContainerOptions.Builder.recursive())) {
            if (m.getName().endsWith("/") || !m.getName().startsWith("firehose/")) {
                // directory markers; outside the destination, the S3 recoverable writer's own
                // objects (.mpus-* and the parts it persists at checkpoints)
                continue;
            }
            assertThat(m.getName()).as("seed %s", seed).matches(key);
            try (InputStream in = store.getBlob(BUCKET, m.getName()).getPayload().openStream()) {
                for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!l.isEmpty()) {
                        delivered.add(l);
                    }
                }
            }
        }
        assertSameMultiset(input, delivered);
    }
}

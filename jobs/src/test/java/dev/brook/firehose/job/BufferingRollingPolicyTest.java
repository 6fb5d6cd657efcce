package dev.brook.firehose.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.streaming.api.functions.sink.filesystem.PartFileInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BufferingRollingPolicyTest {

    /** A part file whose writer has written {@code size} bytes; counts how often it is asked. */
    private static final class Part implements PartFileInfo<String> {
        long size;
        int sizeReads;

        @Override
        public String getBucketId() {
            return "b";
        }

        @Override
        public long getCreationTime() {
            return 1000;
        }

        @Override
        public long getSize() {
            sizeReads++;
            return size;
        }

        @Override
        public long getLastUpdateTime() {
            return 1000;
        }
    }

    @RepeatedTest(5)
    void rollsAFileOnceItReachesTheSizeReadingItsSizeRarely() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        long limit = 1 << 20;
        int recordSize = 50 + random.nextInt(2000);
        BufferingRollingPolicy<Object> policy = new BufferingRollingPolicy<>(limit, 60_000);
        for (int file = 0; file < 3; file++) {
            Part part = new Part();
            int records = 0;
            // FileSink asks before writing each record to the in-progress file
            while (!policy.shouldRollOnEvent(part, "record")) {
                part.size += recordSize;
                records++;
                assertThat(records).as("seed %s", seed).isLessThan(10 * (int) (limit / recordSize));
            }
            assertThat(part.size).as("seed %s", seed).isGreaterThanOrEqualTo(limit);
            assertThat(part.size - limit)
                    .as("overshoot, seed %s", seed)
                    .isLessThanOrEqualTo(Math.max(recordSize, limit / 4 + recordSize));
            assertThat(part.sizeReads)
                    .as("size reads for %d records", records)
                    .isLessThan(records / 10 + 20);
        }
    }

    @Test
    void readsTheSizeOfEveryRecordsFileWhenRecordsAlternateBetweenFiles() throws Exception {
        BufferingRollingPolicy<Object> policy = new BufferingRollingPolicy<>(1000, 60_000);
        Part a = new Part();
        Part b = new Part();
        for (int i = 0; i < 10; i++) {
            assertThat(policy.shouldRollOnEvent(a, "x")).isFalse();
            a.size += 90;
            assertThat(policy.shouldRollOnEvent(b, "x")).isFalse();
            b.size += 10;
        }
        assertThat(policy.shouldRollOnEvent(a, "x")).as("a holds 900 bytes").isFalse();
        a.size += 100;
        assertThat(policy.shouldRollOnEvent(a, "x")).as("a holds 1000 bytes").isTrue();
        assertThat(policy.shouldRollOnEvent(b, "x")).as("b holds 100 bytes").isFalse();
    }

    @Test
    void rollsOnProcessingTimeOnceTheIntervalHasPassed() {
        BufferingRollingPolicy<Object> policy = new BufferingRollingPolicy<>(1000, 5_000);
        Part part = new Part();
        assertThat(policy.shouldRollOnProcessingTime(part, 5_999)).isFalse();
        assertThat(policy.shouldRollOnProcessingTime(part, 6_000)).isTrue();
    }
}

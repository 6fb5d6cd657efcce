package dev.brook.firehose.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.firehose.ErrorOutputType;
import dev.brook.firehose.prefix.PrefixKind;
import dev.brook.firehose.prefix.S3Prefix;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferPrefixesTest {
    private static final long TEN_59 = Instant.parse("2018-08-27T10:59:59Z").toEpochMilli();
    private static final long ELEVEN = Instant.parse("2018-08-27T11:00:01Z").toEpochMilli();

    @Test
    void aBufferTakesTheTimestampAndRandomStringOfItsFirstRecord() {
        BufferPrefixes prefixes =
                new BufferPrefixes(
                        S3Prefix.parse(
                                "!{timestamp:yyyy/MM/dd/HH}/!{firehose:random-string}/",
                                PrefixKind.DATA));
        String first = prefixes.prefixFor(TEN_59, Map.of(), null);
        assertThat(first).startsWith("2018/08/27/10/");
        assertThat(prefixes.prefixFor(ELEVEN, Map.of(), null)).isEqualTo(first);

        prefixes.newBuffers();
        String next = prefixes.prefixFor(ELEVEN, Map.of(), null);
        assertThat(next).startsWith("2018/08/27/11/").isNotEqualTo(first);
    }

    @Test
    void partitionsAndErrorTypesHaveBuffersOfTheirOwn() {
        BufferPrefixes data =
                new BufferPrefixes(
                        S3Prefix.parse(
                                "user=!{partitionKeyFromQuery:user}/!{timestamp:HH}/",
                                PrefixKind.DATA,
                                true));
        assertThat(data.prefixFor(TEN_59, Map.of("user", "a", "unused", "1"), null))
                .isEqualTo("user=a/10/");
        assertThat(data.prefixFor(ELEVEN, Map.of("user", "b"), null)).isEqualTo("user=b/11/");
        // Keys the prefix does not use do not open another buffer.
        assertThat(data.prefixFor(ELEVEN, Map.of("user", "a", "unused", "2"), null))
                .isEqualTo("user=a/10/");

        BufferPrefixes errors =
                new BufferPrefixes(
                        S3Prefix.parse(
                                "errors/!{firehose:error-output-type}/!{timestamp:HH}/",
                                PrefixKind.ERROR));
        assertThat(errors.prefixFor(TEN_59, Map.of(), ErrorOutputType.PROCESSING_FAILED))
                .isEqualTo("errors/processing-failed/10/");
        assertThat(errors.prefixFor(ELEVEN, Map.of(), ErrorOutputType.PARTITIONING_FAILED))
                .isEqualTo("errors/partitioning-failed/11/");
    }
}

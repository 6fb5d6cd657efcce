package dev.brook.firehose.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpEndpointConfigTest {
    @Test
    void defaultsAreFirehoses() {
        HttpEndpointConfig c =
                HttpEndpointConfig.builder("https://collector.example.com/in").build();
        assertThat(c.bufferSizeMiB()).isEqualTo(5);
        assertThat(c.bufferIntervalSeconds()).isEqualTo(60);
        assertThat(c.retryDuration()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.contentEncoding()).isEqualTo(HttpEndpointConfig.ContentEncoding.NONE);
        assertThat(c.name()).isEqualTo("collector.example.com");
        assertThat(c.bufferSizeBytes()).isEqualTo(5L << 20);
    }

    @Test
    void valuesOutsideFirehosesLimitsAreRejectedNamingTheLimit() {
        assertThatThrownBy(() -> HttpEndpointConfig.builder("https://h/").bufferSizeMiB(65).build())
                .hasMessageContaining("1 to 64 MiB, got 65");
        assertThatThrownBy(
                        () ->
                                HttpEndpointConfig.builder("https://h/")
                                        .bufferIntervalSeconds(901)
                                        .build())
                .hasMessageContaining("0 to 900 seconds, got 901");
        assertThatThrownBy(
                        () ->
                                HttpEndpointConfig.builder("https://h/")
                                        .retryDuration(Duration.ofSeconds(7201))
                                        .build())
                .hasMessageContaining("0 to 7200 seconds");
        assertThatThrownBy(() -> HttpEndpointConfig.builder("ftp://h/").build())
                .hasMessageContaining("https:// or http://");
        assertThatThrownBy(
                        () ->
                                HttpEndpointConfig.builder("https://h/")
                                        .accessKey("x".repeat(4097))
                                        .build())
                .hasMessageContaining("at most 4096 bytes, got 4097");
        assertThatThrownBy(() -> HttpEndpointConfig.builder("https://h/").accessKey("a\nb").build())
                .hasMessageContaining("control characters");
        assertThat(
                        HttpEndpointConfig.builder("https://h/")
                                .retryDuration(Duration.ZERO)
                                .bufferIntervalSeconds(0)
                                .build()
                                .retryDuration())
                .isZero();
    }
}

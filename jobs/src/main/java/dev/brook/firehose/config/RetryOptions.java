package dev.brook.firehose.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How long Firehose keeps retrying a delivery after its first attempt (0 to 7200 seconds). */
public record RetryOptions(@JsonProperty("DurationInSeconds") Integer durationInSeconds) {}

package dev.brook.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamps as the AWS CLI takes them: epoch seconds (decimals allowed) or ISO-8601. */
final class Timestamps {
    static final String FORMATS =
            "epoch seconds such as 1700000000 or 1700000000.250, or ISO-8601 such as"
                    + " 2024-05-01T12:00:00Z, 2024-05-01T14:00:00+02:00, 2024-05-01T12:00:00 (UTC)"
                    + " or 2024-05-01 (midnight UTC)";

    private Timestamps() {}

    /** Milliseconds since the epoch; throws IllegalArgumentException naming the formats. */
    static long parseMillis(String s) {
        String t = s.trim();
        if (t.matches("([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
            try {
                return new BigDecimal(t)
                        .movePointRight(3)
                        .setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("timestamp '" + s + "' is out of range");
            }
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // none matched
        }
        throw new IllegalArgumentException("invalid timestamp '" + s + "': use " + FORMATS);
    }
}

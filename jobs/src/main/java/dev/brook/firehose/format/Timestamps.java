package dev.brook.firehose.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.apache.flink.table.data.TimestampData;

/**
 * The timestamp forms Firehose's OpenX JSON SerDe reads: {@code 2017-02-07T15:13:01.39256Z} (any
 * offset, or none), {@code 2017-2-7 15:13:01.14}, epoch seconds {@code 1518033528}, epoch
 * milliseconds {@code 1518033528123} and floating-point epoch seconds {@code 1518033528.123}.
 * Timestamps with an offset are converted to UTC; fractions are cut to the column's precision.
 */
final class Timestamps {

    static final String FORMATS =
            "expected yyyy-MM-dd'T'HH:mm:ss[.S]Z, yyyy-[M]M-[d]d HH:mm:ss[.S], epoch seconds,"
                    + " epoch milliseconds or floating-point epoch seconds";

    /**
     * Whole numbers below this are epoch seconds, others epoch milliseconds: 10^11 seconds is the
     * year 5138, 10^11 milliseconds is March 1973.
     */
    static final long SECONDS_LIMIT = 100_000_000_000L;

    private static final DateTimeFormatter SPACED =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-M-d HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .optionalEnd()
                    .toFormatter()
                    .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {}

    static TimestampData fromText(String text, int precision) {
        if (isNumber(text)) {
            return text.indexOf('.') >= 0
                    ? fromEpochSeconds(new BigDecimal(text), precision)
                    : fromEpochNumber(Long.parseLong(text), precision);
        }
        LocalDateTime local;
        if (text.indexOf('T') >= 0) {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            local =
                    parsed.isSupported(ChronoField.OFFSET_SECONDS)
                            ? OffsetDateTime.from(parsed)
                                    .withOffsetSameInstant(ZoneOffset.UTC)
                                    .toLocalDateTime()
                            : LocalDateTime.from(parsed);
        } else {
            local = LocalDateTime.parse(text, SPACED);
        }
        return of(local, precision);
    }

    static TimestampData fromEpochNumber(long value, int precision) {
        long millis = Math.abs(value) < SECONDS_LIMIT ? Math.multiplyExact(value, 1000L) : value;
        return of(
                LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000L),
                        (int) Math.floorMod(millis, 1000L) * 1_000_000,
                        ZoneOffset.UTC),
                precision);
    }

    static TimestampData fromEpochSeconds(BigDecimal seconds, int precision) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).intValue();
        return of(
                LocalDateTime.ofEpochSecond(whole.longValueExact(), nanos, ZoneOffset.UTC),
                precision);
    }

    private static TimestampData of(LocalDateTime local, int precision) {
        return TimestampData.fromLocalDateTime(
                local.withNano(truncate(local.getNano(), precision)));
    }

    /** Cuts nanoseconds to {@code precision} fractional digits. */
    private static int truncate(int nanos, int precision) {
        int unit = 1;
        for (int i = precision; i < 9; i++) {
            unit *= 10;
        }
        return nanos - nanos % unit;
    }

    private static boolean isNumber(String text) {
        if (text.isEmpty()) {
            return false;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        boolean digits = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digits;
    }
}

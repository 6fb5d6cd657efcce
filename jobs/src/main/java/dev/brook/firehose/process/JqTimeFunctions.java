package dev.brook.firehose.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * jq 1.6's date builtins that jackson-jq's core leaves out: {@code gmtime}, {@code mktime}, {@code
 * strftime(fmt)} and {@code todate}, with jq's semantics (epoch seconds; broken-down time as {@code
 * [year, month 0-11, day, hours, minutes, seconds, weekday 0-6 from Sunday, day of year 0-365]};
 * UTC). Firehose's dynamic partitioning examples use them, e.g. {@code .ts | strftime("%Y")}.
 */
final class JqTimeFunctions {

    private JqTimeFunctions() {}

    static void register(Scope scope) {
        scope.addFunction(
                "gmtime",
                0,
                (Function)
                        (s, args, in, path, out, version) ->
                                out.emit(brokenDown(toDateTime(in, "gmtime")), null));
        scope.addFunction(
                "mktime",
                0,
                (Function)
                        (s, args, in, path, out, version) -> {
                            if (!in.isArray()) {
                                throw new JsonQueryException("mktime requires array of 6 numbers");
                            }
                            out.emit(
                                    LongNode.valueOf(
                                            toDateTime(in, "mktime").toEpochSecond(ZoneOffset.UTC)),
                                    null);
                        });
        scope.addFunction(
                "strftime",
                1,
                (Function)
                        (s, args, in, path, out, version) ->
                                args.get(0)
                                        .apply(
                                                s,
                                                in,
                                                format -> {
                                                    if (!format.isTextual()) {
                                                        throw new JsonQueryException(
                                                                "strftime/1 requires a string format");
                                                    }
                                                    out.emit(
                                                            TextNode.valueOf(
                                                                    strftime(
                                                                            toDateTime(
                                                                                    in, "strftime"),
                                                                            format.asText())),
                                                            null);
                                                }));
        scope.addFunction(
                "todate",
                0,
                (Function)
                        (s, args, in, path, out, version) ->
                                out.emit(
                                        TextNode.valueOf(
                                                strftime(
                                                        toDateTime(in, "todate"),
                                                        "%Y-%m-%dT%H:%M:%SZ")),
                                        null));
    }

    /** An epoch-seconds number or a broken-down time array, as jq accepts both. */
    private static LocalDateTime toDateTime(JsonNode in, String function)
            throws JsonQueryException {
        if (in.isNumber()) {
            double seconds = in.asDouble();
            long whole = (long) Math.floor(seconds);
            int nanos = (int) Math.round((seconds - whole) * 1e9);
            return LocalDateTime.ofInstant(
                    Instant.ofEpochSecond(whole, Math.min(nanos, 999_999_999)), ZoneOffset.UTC);
        }
        if (in.isArray() && in.size() >= 6) {
            for (int i = 0; i < 6; i++) {
                if (!in.get(i).isNumber()) {
                    throw new JsonQueryException(function + " requires parsed datetime inputs");
                }
            }
            double seconds = in.get(5).asDouble();
            return LocalDateTime.of(in.get(0).asInt(), 1, 1, 0, 0)
                    .plusMonths(in.get(1).asInt())
                    .plusDays(in.get(2).asInt() - 1L)
                    .plusHours(in.get(3).asInt())
                    .plusMinutes(in.get(4).asInt())
                    .plusSeconds((long) Math.floor(seconds));
        }
        throw new JsonQueryException(
                function
                        + " requires a number of seconds since the epoch or parsed datetime inputs");
    }

    private static ArrayNode brokenDown(LocalDateTime t) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(8);
        array.add(t.getYear());
        array.add(t.getMonthValue() - 1);
        array.add(t.getDayOfMonth());
        array.add(t.getHour());
        array.add(t.getMinute());
        array.add(
                t.getNano() == 0
                        ? LongNode.valueOf(t.getSecond())
                        : DoubleNode.valueOf(t.getSecond() + t.getNano() / 1e9));
        array.add(t.getDayOfWeek().getValue() % 7);
        array.add(t.getDayOfYear() - 1);
        return array;
    }

    /** C strftime conversions in the C locale, UTC. */
    static String strftime(LocalDateTime t, String format) throws JsonQueryException {
        StringBuilder out = new StringBuilder(format.length() + 16);
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i == format.length()) {
                throw new JsonQueryException("strftime: the format ends with a lone %");
            }
            char conversion = format.charAt(i);
            switch (conversion) {
                case 'Y' -> out.append(t.getYear());
                case 'C' -> pad(out, t.getYear() / 100, 2);
                case 'y' -> pad(out, t.getYear() % 100, 2);
                case 'm' -> pad(out, t.getMonthValue(), 2);
                case 'd' -> pad(out, t.getDayOfMonth(), 2);
                case 'e' -> out.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
                case 'H' -> pad(out, t.getHour(), 2);
                case 'I' -> pad(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2);
                case 'M' -> pad(out, t.getMinute(), 2);
                case 'S' -> pad(out, t.getSecond(), 2);
                case 'j' -> pad(out, t.getDayOfYear(), 3);
                case 'a' ->
                        out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'A' ->
                        out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'b', 'h' ->
                        out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'Z' -> out.append("UTC");
                case 'z' -> out.append("+0000");
                case 's' -> out.append(t.toEpochSecond(ZoneOffset.UTC));
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'G' -> out.append(t.get(IsoFields.WEEK_BASED_YEAR));
                case 'V' -> pad(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
                case 'U' ->
                        pad(out, (t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7, 2);
                case 'W' ->
                        pad(
                                out,
                                (t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7,
                                2);
                case 'T' -> out.append(strftime(t, "%H:%M:%S"));
                case 'R' -> out.append(strftime(t, "%H:%M"));
                case 'D' -> out.append(strftime(t, "%m/%d/%y"));
                case 'F' -> out.append(strftime(t, "%Y-%m-%d"));
                case 'c' -> out.append(strftime(t, "%a %b %e %H:%M:%S %Y"));
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '%' -> out.append('%');
                default ->
                        throw new JsonQueryException(
                                "strftime: unsupported conversion %" + conversion);
            }
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}

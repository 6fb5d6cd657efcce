package dev.brook.firehose.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.table.types.logical.RowType;

/** One random record: its JSON and the row it must convert to, as {@link JavaValues}. */
final class RandomRecord {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final ObjectNode json = NODES.objectNode();
    final List<Object> expected = new ArrayList<>();
    private final Random rnd;
    private final boolean caseInsensitive;

    RandomRecord(RowType schema, Random rnd, boolean caseInsensitive, boolean dots) {
        this.rnd = rnd;
        this.caseInsensitive = caseInsensitive;
        for (RowType.RowField field : schema.getFields()) {
            String name = field.getName();
            String key =
                    name.equals("mapped") ? "timestamp" : name.equals("a_b") && dots ? "a.b" : name;
            int presence = rnd.nextInt(20);
            if (presence == 0) {
                expected.add(null); // key missing
                continue;
            }
            if (presence == 1) {
                json.putNull(vary(key));
                expected.add(null);
                continue;
            }
            Object[] value = value(name);
            json.set(vary(key), (JsonNode) value[0]);
            expected.add(value[1]);
        }
        // Unknown keys, also nested ones, are skipped.
        ObjectNode junk = json.putObject("unknown_" + rnd.nextInt(1000));
        junk.putArray("x").add(1).addObject().put("s", "t");
        if (!caseInsensitive) {
            // With case-sensitive keys an upper-cased key is an unknown key.
            json.put("S", "ignored");
        }
    }

    /** [JSON node, expected Java value] for a column. */
    private Object[] value(String column) {
        switch (column) {
            case "s":
            case "mapped":
            case "a_b":
                {
                    if (rnd.nextInt(5) == 0) {
                        long number = rnd.nextLong();
                        return pair(NODES.numberNode(number), Long.toString(number));
                    }
                    String s = randomString();
                    return pair(NODES.textNode(s), s);
                }
            case "b":
                {
                    boolean b = rnd.nextBoolean();
                    return rnd.nextBoolean()
                            ? pair(NODES.booleanNode(b), b)
                            : pair(NODES.textNode(b ? "TRUE" : "false"), b);
                }
            case "ti":
                {
                    byte v = (byte) rnd.nextInt();
                    return numberOrText(v, v);
                }
            case "si":
                {
                    short v = (short) rnd.nextInt();
                    return numberOrText(v, v);
                }
            case "i":
                {
                    int v = rnd.nextInt();
                    return numberOrText(v, v);
                }
            case "l":
                {
                    long v = rnd.nextLong();
                    return numberOrText(v, v);
                }
            case "f":
                {
                    float v = rnd.nextInt(1 << 20) / 4f; // exact in binary and in text
                    return pair(NODES.numberNode(v), v);
                }
            case "d":
                {
                    double v = (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(20));
                    return rnd.nextBoolean()
                            ? pair(NODES.numberNode(v), v)
                            : pair(NODES.textNode(Double.toString(v)), v);
                }
            case "amount":
                {
                    BigDecimal v = BigDecimal.valueOf(rnd.nextLong() % 1_000_000_000_000L, 3);
                    return rnd.nextBoolean()
                            ? pair(NODES.numberNode(v), v)
                            : pair(NODES.textNode(v.toPlainString()), v);
                }
            case "dt":
                {
                    LocalDate v = LocalDate.ofEpochDay(rnd.nextInt(80_000) - 20_000);
                    return pair(NODES.textNode(v.toString()), v);
                }
            case "ts":
                return timestamp3();
            case "ts9":
                return timestamp9();
            case "bin":
                {
                    byte[] bytes = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(bytes);
                    return pair(
                            NODES.textNode(Base64.getEncoder().encodeToString(bytes)),
                            HexFormat.of().formatHex(bytes));
                }
            case "tags":
                {
                    ArrayNode node = NODES.arrayNode();
                    List<Object> list = new ArrayList<>();
                    for (int i = rnd.nextInt(5); i > 0; i--) {
                        if (rnd.nextInt(8) == 0) {
                            node.addNull();
                            list.add(null);
                        } else {
                            String s = randomString();
                            node.add(s);
                            list.add(s);
                        }
                    }
                    return pair(node, list);
                }
            case "attrs":
                {
                    ObjectNode node = NODES.objectNode();
                    Map<Object, Object> map = new HashMap<>();
                    for (int i = rnd.nextInt(5); i > 0; i--) {
                        // Map keys are data: kept exactly as written, case and dots too.
                        String k = "K." + randomString();
                        Integer v = rnd.nextInt(6) == 0 ? null : rnd.nextInt();
                        if (v == null) {
                            node.putNull(k);
                        } else {
                            node.put(k, v);
                        }
                        map.put(k, v);
                    }
                    return pair(node, map);
                }
            case "geo":
                {
                    ObjectNode node = NODES.objectNode();
                    double lat = rnd.nextDouble() * 180 - 90;
                    String city = randomString();
                    node.put(vary("lat"), lat);
                    node.put(vary("City"), city);
                    return pair(node, Arrays.asList(lat, city));
                }
            case "items":
                {
                    ArrayNode node = NODES.arrayNode();
                    List<Object> list = new ArrayList<>();
                    for (int i = rnd.nextInt(4); i > 0; i--) {
                        String name = randomString();
                        int qty = rnd.nextInt(100);
                        ObjectNode item = node.addObject();
                        item.put(vary("name"), name);
                        item.put(vary("qty"), String.valueOf(qty));
                        list.add(Arrays.asList(name, qty));
                    }
                    return pair(node, list);
                }
            default:
                throw new AssertionError(column);
        }
    }

    private Object[] numberOrText(long v, Object expected) {
        return rnd.nextBoolean()
                ? pair(NODES.numberNode(v), expected)
                : pair(NODES.textNode(" " + v), expected);
    }

    /** Between 2001 and 2100, where epoch milliseconds are told from seconds by size. */
    private Object[] timestamp3() {
        long millis = 1_000_000_000_000L + (long) (rnd.nextDouble() * 3_100_000_000_000L);
        LocalDateTime at =
                LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000),
                        (int) Math.floorMod(millis, 1000) * 1_000_000,
                        ZoneOffset.UTC);
        switch (rnd.nextInt(5)) {
            case 0:
                return pair(NODES.textNode(at.toString() + "Z"), at);
            case 1:
                return pair(
                        NODES.textNode(
                                at.format(DateTimeFormatter.ofPattern("yyyy-M-d HH:mm:ss.SSS"))),
                        at);
            case 2:
                return pair(NODES.numberNode(millis), at);
            case 3:
                {
                    LocalDateTime whole = at.withNano(0);
                    return pair(NODES.numberNode(whole.toEpochSecond(ZoneOffset.UTC)), whole);
                }
            default:
                return pair(NODES.numberNode(BigDecimal.valueOf(millis, 3)), at);
        }
    }

    private Object[] timestamp9() {
        LocalDateTime at =
                LocalDateTime.ofEpochSecond(
                        rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000_000), ZoneOffset.UTC);
        if (rnd.nextBoolean()) {
            return pair(NODES.textNode(at.atOffset(ZoneOffset.UTC).toString()), at);
        }
        // Another offset: converted to UTC.
        return pair(
                NODES.textNode(
                        at.atOffset(ZoneOffset.UTC)
                                .withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30))
                                .toString()),
                at);
    }

    private String vary(String key) {
        if (!caseInsensitive) {
            return key;
        }
        StringBuilder sb = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    private String randomString() {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(12); i > 0; i--) {
            int kind = rnd.nextInt(10);
            sb.appendCodePoint(
                    kind == 0
                            ? 0x4e00 + rnd.nextInt(500)
                            : kind == 1 ? '"' : 'a' + rnd.nextInt(26));
        }
        return sb.toString();
    }

    private static Object[] pair(Object node, Object expected) {
        return new Object[] {node, expected};
    }
}

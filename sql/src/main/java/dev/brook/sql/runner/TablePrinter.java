package dev.brook.sql.runner;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * Prints rows as a table, the way Flink's SQL client does in its tableau mode: a header, one line
 * per row, numbers right-aligned, {@code <NULL>} for nulls, timestamps as {@code yyyy-MM-dd
 * HH:mm:ss.SSS}. When any row is not an insertion (an updating query in streaming mode), an {@code
 * op} column shows each row's change: {@code +I}, {@code -U}, {@code +U}, {@code -D}.
 */
final class TablePrinter {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private TablePrinter() {}

    static void print(
            PrintWriter out, List<String> columns, List<Row> rows, ZoneId zone, String footer) {
        boolean changelog = rows.stream().anyMatch(r -> r.getKind() != RowKind.INSERT);
        List<String> header = new ArrayList<>();
        if (changelog) {
            header.add("op");
        }
        header.addAll(columns);
        List<String[]> cells = new ArrayList<>();
        List<boolean[]> numeric = new ArrayList<>();
        for (Row row : rows) {
            String[] line = new String[header.size()];
            boolean[] num = new boolean[header.size()];
            int c = 0;
            if (changelog) {
                line[c++] = row.getKind().shortString();
            }
            for (int f = 0; f < row.getArity(); f++, c++) {
                Object v = row.getField(f);
                line[c] = format(v, zone);
                num[c] = v instanceof Number;
            }
            cells.add(line);
            numeric.add(num);
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (String[] line : cells) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder border = new StringBuilder("+");
        for (int w : width) {
            border.append("-".repeat(w + 2)).append('+');
        }
        out.println(border);
        out.println(line(header.toArray(String[]::new), new boolean[width.length], width));
        out.println(border);
        if (!cells.isEmpty()) {
            for (int r = 0; r < cells.size(); r++) {
                out.println(line(cells.get(r), numeric.get(r), width));
            }
            out.println(border);
        }
        out.println(footer);
        out.flush();
    }

    private static String line(String[] cells, boolean[] rightAligned, int[] width) {
        StringBuilder sb = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            sb.append(' ').append(rightAligned[c] ? pad + cells[c] : cells[c] + pad).append(" |");
        }
        return sb.toString();
    }

    static String format(Object v, ZoneId zone) {
        if (v == null) {
            return "<NULL>";
        }
        if (v instanceof LocalDateTime t) {
            return TIMESTAMP.format(t);
        }
        if (v instanceof Instant t) {
            return TIMESTAMP.format(t.atZone(zone));
        }
        if (v instanceof LocalTime t) {
            return TIME.format(t);
        }
        if (v instanceof byte[] b) {
            return "x'" + HexFormat.of().formatHex(b) + "'";
        }
        if (v instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        return String.valueOf(v);
    }
}

package dev.brook.sql.functions.rcf;

import static org.apache.flink.table.annotation.ArgumentTrait.OPTIONAL_PARTITION_BY;
import static org.apache.flink.table.annotation.ArgumentTrait.PASS_COLUMNS_THROUGH;
import static org.apache.flink.table.annotation.ArgumentTrait.SET_SEMANTIC_TABLE;

import dev.brook.sql.functions.NumericArgumentsFunction;
import dev.brook.sql.functions.NumericColumns;
import java.util.List;
import java.util.Locale;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.dataview.ListView;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.inference.CallContext;
import org.apache.flink.types.Row;

/**
 * {@code RANDOM_CUT_FOREST_WITH_EXPLANATION}: {@link RandomCutForestFunction}'s score and why.
 *
 * <pre>{@code
 * SELECT * FROM RANDOM_CUT_FOREST_WITH_EXPLANATION(
 *     input => TABLE readings PARTITION BY sensor, withDirectionality => TRUE)
 * }</pre>
 *
 * <p>Takes {@link RandomCutForestFunction}'s parameters plus {@code withDirectionality} (default
 * FALSE) and returns every input column followed by {@code ANOMALY_SCORE DOUBLE} and {@code
 * ANOMALY_EXPLANATION STRING}, a JSON object in Kinesis Data Analytics' shape, one entry per
 * numeric column:
 *
 * <pre>{@code
 * {"systolic":{"DIRECTION":"HIGH","STRENGTH":"1.6021","ATTRIBUTION_SCORE":"1.7447"},
 *  "diastolic":{"DIRECTION":"LOW","STRENGTH":"0.0394","ATTRIBUTION_SCORE":"0.3650"}}
 * }</pre>
 *
 * <p>All three come from the forest's directional attribution of the score (randomcutforest's
 * {@code DiVector}), which splits the score of a row over its columns and over the two directions
 * in which a column's value can stand out from the points the forest holds near it:
 *
 * <ul>
 *   <li>{@code ATTRIBUTION_SCORE}: the column's share of the anomaly score, both directions
 *       together; the shares of all columns add up to the score;
 *   <li>{@code DIRECTION} (with directionality only): {@code HIGH} when more of the column's share
 *       comes from its value being higher than expected than from it being lower, else {@code LOW};
 *   <li>{@code STRENGTH} (with directionality only): the difference of the two directions' shares,
 *       i.e. how much of the column's attribution points in that direction (between 0 and
 *       ATTRIBUTION_SCORE).
 * </ul>
 *
 * <p>As in Kinesis Data Analytics, the numbers are JSON strings with four decimals, and all are 0
 * during the warm-up. The explanation is NULL when the score is.
 */
@DataTypeHint("ROW<ANOMALY_SCORE DOUBLE, ANOMALY_EXPLANATION STRING>")
public class RandomCutForestWithExplanationFunction extends NumericArgumentsFunction {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "RANDOM_CUT_FOREST_WITH_EXPLANATION";

    private transient ForestStore store;
    private transient NumericColumns columns;
    private transient ForestParameters parameters;

    @Override
    public void open(FunctionContext context) throws Exception {
        store = RandomCutForestFunction.openStore(context);
    }

    @Override
    protected void validateCall(CallContext call) {
        RandomCutForestFunction.validateForestCall(NAME, call);
    }

    public void eval(
            Context ctx,
            @StateHint ListView<byte[]> forestSnapshot,
            @StateHint ListView<double[]> rowsSinceSnapshot,
            @ArgumentHint(
                            value = {
                                SET_SEMANTIC_TABLE,
                                OPTIONAL_PARTITION_BY,
                                PASS_COLUMNS_THROUGH
                            },
                            name = "input")
                    Row input,
            @ArgumentHint(name = "numberOfTrees", isOptional = true, type = @DataTypeHint("INT"))
                    Number numberOfTrees,
            @ArgumentHint(name = "subSampleSize", isOptional = true, type = @DataTypeHint("INT"))
                    Number subSampleSize,
            @ArgumentHint(name = "timeDecay", isOptional = true, type = @DataTypeHint("INT"))
                    Number timeDecay,
            @ArgumentHint(name = "shingleSize", isOptional = true, type = @DataTypeHint("INT"))
                    Number shingleSize,
            @ArgumentHint(name = "withDirectionality", isOptional = true)
                    Boolean withDirectionality)
            throws Exception {
        if (columns == null) {
            columns = NumericColumns.of(NAME, ctx.tableSemanticsFor("input"));
            parameters =
                    ForestParameters.of(NAME, numberOfTrees, subSampleSize, timeDecay, shingleSize);
        }
        double[] values = columns.values(input);
        if (values == null) {
            collect(Row.of(null, null));
            return;
        }
        List<Object> key = columns.partitionKey(input);
        ForestModel model =
                store.model(key, forestSnapshot, rowsSinceSnapshot, parameters, columns.size());
        double[][] attribution = model.attribution(values);
        double score = 0;
        for (int c = 0; c < columns.size(); c++) {
            score += attribution[0][c] + attribution[1][c];
        }
        String explanation = explain(columns, attribution, Boolean.TRUE.equals(withDirectionality));
        model.update(values);
        store.learnt(key, values, forestSnapshot, rowsSinceSnapshot);
        collect(Row.of(score, explanation));
    }

    /** The explanation of a score from its attribution (high shares, low shares). */
    static String explain(
            NumericColumns columns, double[][] attribution, boolean withDirectionality) {
        StringBuilder json = new StringBuilder("{");
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                json.append(',');
            }
            appendString(json, columns.name(c));
            json.append(":{");
            double high = attribution[0][c];
            double low = attribution[1][c];
            if (withDirectionality) {
                json.append("\"DIRECTION\":\"")
                        .append(high >= low ? "HIGH" : "LOW")
                        .append("\",\"STRENGTH\":\"")
                        .append(format(Math.abs(high - low)))
                        .append("\",");
            }
            json.append("\"ATTRIBUTION_SCORE\":\"").append(format(high + low)).append("\"}");
        }
        return json.append('}').toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        json.append('"');
    }
}

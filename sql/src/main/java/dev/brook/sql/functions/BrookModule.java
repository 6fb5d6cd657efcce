package dev.brook.sql.functions;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.module.Module;
import org.apache.flink.util.InstantiationUtil;

/**
 * The Kinesis Data Analytics functions ({@link BrookFunctions#all()}) as a Flink module: {@code
 * LOAD MODULE brook} makes them callable by name in every catalog and database, as built-in
 * functions are, for the session ({@code UNLOAD MODULE brook} removes them). Names are
 * case-insensitive, as Flink's own.
 */
public final class BrookModule implements Module {
    public static final String IDENTIFIER = "brook";

    private final Map<String, Class<? extends UserDefinedFunction>> functions =
            new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public BrookModule() {
        functions.putAll(BrookFunctions.all());
    }

    @Override
    public Set<String> listFunctions() {
        return Set.copyOf(functions.keySet());
    }

    @Override
    public Optional<FunctionDefinition> getFunctionDefinition(String name) {
        Class<? extends UserDefinedFunction> type = functions.get(name.toUpperCase(Locale.ROOT));
        return type == null ? Optional.empty() : Optional.of(InstantiationUtil.instantiate(type));
    }
}

package dev.brook.sql.functions;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.ModuleFactory;
import org.apache.flink.table.module.Module;

/** {@code LOAD MODULE brook}: creates {@link BrookModule}; the module takes no options. */
public final class BrookModuleFactory implements ModuleFactory {
    @Override
    public String factoryIdentifier() {
        return BrookModule.IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Module createModule(Context context) {
        return new BrookModule();
    }
}

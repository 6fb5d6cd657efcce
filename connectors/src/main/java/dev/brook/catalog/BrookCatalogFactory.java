package dev.brook.catalog;

import dev.brook.table.BrookConnectorOptions;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code CREATE CATALOG brook WITH ('type' = 'brook', 'root' = '...')}: a {@link BrookCatalog} over
 * the streams of one store.
 */
public final class BrookCatalogFactory implements CatalogFactory {
    public static final String IDENTIFIER = "brook";

    /** The store whose streams are the catalog's tables (the connector's {@code root}). */
    public static final ConfigOption<String> ROOT = BrookConnectorOptions.ROOT;

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ROOT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        return new BrookCatalog(context.getName(), helper.getOptions().get(ROOT));
    }
}

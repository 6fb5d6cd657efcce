package dev.brook.source.enumerator;

import java.util.Map;
import org.apache.flink.api.connector.source.SourceEvent;

/** Reader to enumerator: these shards were read to their ends (shard id to end offset). */
public final class ShardsFinishedEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final Map<String, Long> endOffsets;

    public ShardsFinishedEvent(Map<String, Long> endOffsets) {
        this.endOffsets = Map.copyOf(endOffsets);
    }

    public Map<String, Long> endOffsets() {
        return endOffsets;
    }

    @Override
    public String toString() {
        return "ShardsFinished" + endOffsets;
    }
}

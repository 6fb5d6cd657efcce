package dev.brook.source.enumerator;

import java.util.Map;
import org.apache.flink.api.connector.source.SourceEvent;

/**
 * Reader to enumerator: the next offsets per shard in a checkpoint that has completed. The
 * enumerator records them with the consumer registration, which drives checkpoint-based retention.
 */
public final class CheckpointedPositionsEvent implements SourceEvent {
    private static final long serialVersionUID = 1L;
    private final long checkpointId;
    private final Map<String, Long> positions;

    public CheckpointedPositionsEvent(long checkpointId, Map<String, Long> positions) {
        this.checkpointId = checkpointId;
        this.positions = Map.copyOf(positions);
    }

    public long checkpointId() {
        return checkpointId;
    }

    public Map<String, Long> positions() {
        return positions;
    }
}

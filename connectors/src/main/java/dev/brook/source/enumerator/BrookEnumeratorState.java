package dev.brook.source.enumerator;

import dev.brook.source.split.BrookShardSplit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the enumerator checkpoints.
 *
 * @param assigned shards handed to a reader and not finished
 * @param finished shards read to their ends
 * @param unassigned splits waiting for a reader (returned by a failed reader, or none registered)
 * @param pinnedStarts start offsets fixed at job start (LATEST), so restarts are deterministic
 * @param stopOffsets in bounded mode, each shard's end as seen at job start
 * @param initialized whether the start-up discovery (pinning) has happened
 */
public record BrookEnumeratorState(
        Set<String> assigned,
        Set<String> finished,
        List<BrookShardSplit> unassigned,
        Map<String, Long> pinnedStarts,
        Map<String, Long> stopOffsets,
        boolean initialized) {

    public static BrookEnumeratorState initial() {
        return new BrookEnumeratorState(Set.of(), Set.of(), List.of(), Map.of(), Map.of(), false);
    }
}

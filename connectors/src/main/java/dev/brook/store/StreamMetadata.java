package dev.brook.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable version of a stream's metadata, stored as {@code _meta/<version>.json}. Every
 * change (reshard, retention) publishes the next version with no-replace, so two concurrent changes
 * cannot both win.
 */
public record StreamMetadata(
        @JsonProperty("StreamName") String streamName,
        @JsonProperty("Version") long version,
        @JsonProperty("CreatedMillis") long createdMillis,
        @JsonProperty("RetentionMillis") long retentionMillis,
        @JsonProperty("MaxRecordBytes") int maxRecordBytes,
        @JsonProperty("ConsumerMaxRetentionMillis") long consumerMaxRetentionMillis,
        @JsonProperty("NextShardOrdinal") long nextShardOrdinal,
        @JsonProperty("Shards") List<ShardMetadata> shards,
        @JsonProperty("Properties") Map<String, String> properties) {

    public StreamMetadata {
        shards = List.copyOf(shards);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public Optional<ShardMetadata> shard(String shardId) {
        return shards.stream().filter(s -> s.shardId().equals(shardId)).findFirst();
    }

    public ShardMetadata requireShard(String shardId) {
        return shard(shardId)
                .orElseThrow(
                        () ->
                                BrookException.notFound(
                                        "shard " + shardId + " not found in stream " + streamName));
    }

    @JsonIgnore
    public List<ShardMetadata> openShards() {
        return shards.stream().filter(ShardMetadata::isOpen).toList();
    }

    /** Shards that name {@code shardId} as a parent. */
    public List<ShardMetadata> children(String shardId) {
        return shards.stream().filter(s -> s.parentShardIds().contains(shardId)).toList();
    }

    StreamMetadata next(List<ShardMetadata> newShards, long nextOrdinal) {
        return new StreamMetadata(
                streamName,
                version + 1,
                createdMillis,
                retentionMillis,
                maxRecordBytes,
                consumerMaxRetentionMillis,
                nextOrdinal,
                newShards,
                properties);
    }

    StreamMetadata withRetention(long millis) {
        return new StreamMetadata(
                streamName,
                version + 1,
                createdMillis,
                millis,
                maxRecordBytes,
                consumerMaxRetentionMillis,
                nextShardOrdinal,
                shards,
                properties);
    }

    StreamMetadata withProperties(Map<String, String> props) {
        return new StreamMetadata(
                streamName,
                version + 1,
                createdMillis,
                retentionMillis,
                maxRecordBytes,
                consumerMaxRetentionMillis,
                nextShardOrdinal,
                shards,
                props);
    }

    /** Replaces {@code closing} shards by {@code children}, as one new version. */
    StreamMetadata reshard(List<String> closing, List<ShardMetadata> children) {
        List<ShardMetadata> out = new ArrayList<>();
        for (ShardMetadata s : shards) {
            out.add(closing.contains(s.shardId()) ? s.closedIn(version + 1) : s);
        }
        out.addAll(children);
        return next(out, nextShardOrdinal + children.size());
    }
}

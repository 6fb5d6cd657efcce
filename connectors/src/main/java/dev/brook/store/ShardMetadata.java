package dev.brook.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One shard in a stream's metadata. A shard is open until a reshard closes it; after that it takes
 * no writes (its data ends at its seal) and its children name it as a parent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShardMetadata(
        @JsonProperty("ShardId") String shardId,
        @JsonProperty("HashKeyRange") HashKeyRange hashKeyRange,
        @JsonProperty("ParentShardIds") List<String> parentShardIds,
        @JsonProperty("CreatedInVersion") long createdInVersion,
        @JsonProperty("ClosedInVersion") Long closedInVersion) {

    public ShardMetadata {
        parentShardIds = parentShardIds == null ? List.of() : List.copyOf(parentShardIds);
    }

    @JsonIgnore
    public long ordinal() {
        return ShardIds.ordinal(shardId);
    }

    @JsonIgnore
    public boolean isOpen() {
        return closedInVersion == null;
    }

    ShardMetadata closedIn(long version) {
        return new ShardMetadata(shardId, hashKeyRange, parentShardIds, createdInVersion, version);
    }
}

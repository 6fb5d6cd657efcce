package dev.brook.store;

/** Thrown to a writer whose target shard was sealed by a reshard; it re-routes and retries. */
public final class ShardClosedException extends BrookException {
    private final String shardId;

    public ShardClosedException(String stream, String shardId) {
        super(
                "ResourceInUseException",
                "shard " + shardId + " of stream " + stream + " is closed by a reshard");
        this.shardId = shardId;
    }

    public String shardId() {
        return shardId;
    }
}

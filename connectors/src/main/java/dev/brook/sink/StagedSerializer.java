package dev.brook.sink;

import dev.brook.store.StagedSegments;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializer of the sink's committables: staged segments waiting for a checkpoint. */
public final class StagedSerializer implements SimpleVersionedSerializer<StagedSegments.Staged> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(StagedSegments.Staged s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(s.stream());
            out.writeUTF(s.shardId());
            out.writeUTF(s.path());
            out.writeInt(s.count());
            out.writeLong(s.maxArrival());
        }
        return bytes.toByteArray();
    }

    @Override
    public StagedSegments.Staged deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown Brook committable version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return new StagedSegments.Staged(
                    in.readUTF(), in.readUTF(), in.readUTF(), in.readInt(), in.readLong());
        }
    }
}

package dev.brook.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;

/**
 * Registered consumers of a stream and the positions of their last completed checkpoint. Time
 * retention keeps what a registered consumer has not checkpointed past (up to a hard maximum age),
 * so a lagging job loses nothing. One writer per consumer name is assumed (a Flink job's
 * enumerator); registering again is idempotent so a restarted job reuses its registration.
 */
public final class ConsumerRegistry {
    /** One registration: name, times, and the next offset to read per shard. */
    public record Registration(
            @JsonProperty("ConsumerName") String name,
            @JsonProperty("RegisteredMillis") long registeredMillis,
            @JsonProperty("UpdatedMillis") long updatedMillis,
            @JsonProperty("Positions") Map<String, Long> positions) {

        public Registration {
            positions = positions == null ? Map.of() : Map.copyOf(positions);
        }

        /** Next offset to read in a shard: 0 (keep everything) for a shard not yet started. */
        public long position(String shardId) {
            return positions.getOrDefault(shardId, 0L);
        }
    }

    private final StoreLayout layout;
    private final FileOps files;
    private final Clock clock;
    private final MetadataStore metadata;

    ConsumerRegistry(StoreLayout layout, FileOps files, Clock clock, MetadataStore metadata) {
        this.layout = layout;
        this.files = files;
        this.clock = clock;
        this.metadata = metadata;
    }

    public Registration register(String stream, String name) {
        validateName(name);
        metadata.current(stream); // an unknown stream is an error, not a new directory
        Registration existing = get(stream, name);
        if (existing != null) {
            return existing;
        }
        Registration r = new Registration(name, clock.millis(), clock.millis(), Map.of());
        write(stream, r);
        return r;
    }

    /** Records the positions of a completed checkpoint (next offset to read, per shard). */
    public Registration recordPositions(String stream, String name, Map<String, Long> positions) {
        Registration current = get(stream, name);
        if (current == null) {
            throw BrookException.notFound(
                    "consumer " + name + " is not registered with stream " + stream);
        }
        Registration r =
                new Registration(name, current.registeredMillis(), clock.millis(), positions);
        write(stream, r);
        return r;
    }

    public void deregister(String stream, String name) {
        validateName(name);
        if (get(stream, name) == null) {
            throw BrookException.notFound(
                    "consumer " + name + " is not registered with stream " + stream);
        }
        try {
            files.fs().delete(layout.consumer(stream, name), false);
        } catch (IOException e) {
            throw BrookException.io("could not deregister consumer " + name, e);
        }
    }

    public List<Registration> list(String stream) {
        List<Registration> out = new ArrayList<>();
        try {
            for (FileStatus s : files.list(layout.consumersDir(stream))) {
                String n = s.getPath().getName();
                if (n.endsWith(".json")) {
                    Registration r = get(stream, n.substring(0, n.length() - 5));
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
        } catch (IOException e) {
            throw BrookException.io("could not list consumers of " + stream, e);
        }
        return out;
    }

    public Registration get(String stream, String name) {
        try (FSDataInputStream in = files.fs().open(layout.consumer(stream, name))) {
            return Json.MAPPER.readValue((InputStream) in, Registration.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw BrookException.io("could not read consumer " + name, e);
        }
    }

    private void write(String stream, Registration r) {
        try {
            files.replace(
                    layout.staging(stream),
                    layout.consumer(stream, r.name()),
                    out -> Json.MAPPER.writeValue(out, r));
        } catch (IOException e) {
            throw BrookException.io("could not write consumer " + r.name(), e);
        }
    }

    private static void validateName(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,128}") || name.startsWith(".")) {
            throw BrookException.invalidArgument(
                    "illegal consumer name '"
                            + name
                            + "': 1 to 128 letters, digits, '_', '.' or '-', not starting with"
                            + " '.'");
        }
    }
}

package dev.brook.store;

import dev.brook.store.fs.NoReplacePublisher;
import dev.brook.store.segment.SegmentBuilder;
import dev.brook.store.segment.SegmentFile;
import dev.brook.store.segment.SegmentFormat;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * The segments of one shard: where its end is, appending at the end by no-replace publish, sealing,
 * and finding the segment that holds an offset. Any number of ShardLogs, in any number of
 * processes, may append to the same shard at once.
 */
public final class ShardLog {
    /** What a writer believes the shard's end to be, and since when. */
    private record EndKnowledge(long end, long tailMaxArrival, long learnedMillis) {}

    /** Where an append landed. */
    public record Appended(long baseOffset, int count, long arrivalMillis) {}

    /** A shard's segment files and end markers, sorted by base offset, from one listing. */
    public record Listing(List<SegmentRef> segments, long endMarker, long listedMillis) {
        public long lowestBase() {
            return segments.isEmpty() ? endMarker : segments.get(0).base();
        }
    }

    /**
     * A shard's segment base offsets, sorted, and its end marker, from one listing of names only
     * (what readers need: no file status, no path per file).
     */
    public record Bases(long[] bases, long endMarker, long listedMillis) {
        public long lowestBase() {
            return bases.length == 0 ? endMarker : bases[0];
        }
    }

    /** A segment file name and when it was published. */
    public record SegmentRef(long base, Path path, long modifiedMillis) {}

    private final String stream;
    private final String shardId;
    private final long ordinal;
    private final StoreLayout layout;
    private final FileOps files;
    private final Clock clock;
    private final long freshMillis;
    private EndKnowledge knowledge;

    /** The shard's directory, and as a local path if segments are mapped (else null). */
    private final Path dir;

    private final java.nio.file.Path localDir;

    ShardLog(
            String stream,
            String shardId,
            StoreLayout layout,
            FileOps files,
            Clock clock,
            long cleanupMinAgeMillis) {
        this.stream = stream;
        this.shardId = shardId;
        this.ordinal = ShardIds.ordinal(shardId);
        this.layout = layout;
        this.files = files;
        this.clock = clock;
        this.freshMillis = cleanupMinAgeMillis / 2;
        this.dir = layout.shard(stream, shardId);
        this.localDir =
                MAP_LOCAL_SEGMENTS && files.isLocal()
                        ? new File(dir.toUri().getPath()).toPath()
                        : null;
    }

    public String stream() {
        return stream;
    }

    public String shardId() {
        return shardId;
    }

    public long ordinal() {
        return ordinal;
    }

    /**
     * Publishes the builder's records as one segment at the shard's end, stamping them with an
     * arrival time no earlier than the shard's newest record so arrival times never go back.
     *
     * @throws ShardClosedException if the shard is sealed
     */
    public Appended append(SegmentBuilder builder, UUID writerId, long commitId)
            throws IOException {
        EndKnowledge k = freshKnowledge();
        Path staging = layout.staging(stream);
        while (true) {
            long now = clock.millis();
            long arrival = Math.max(now, k.tailMaxArrival());
            long base = k.end();
            Path target = layout.segment(stream, shardId, base);
            boolean published =
                    files.publishNew(
                            staging,
                            target,
                            out ->
                                    builder.writeTo(
                                            out, ordinal, base, writerId, commitId, (short) 0, true,
                                            arrival));
            if (published) {
                remember(new EndKnowledge(base + builder.count(), arrival, now));
                return new Appended(base, builder.count(), arrival);
            }
            k = learnFromConflict(base);
        }
    }

    /**
     * Publishes an already written segment file (staged with an unknown base offset) at the shard's
     * end, moving the file itself.
     *
     * @throws ShardClosedException if the shard is sealed
     */
    public long publishStaged(Path staged, int count, long maxArrival) throws IOException {
        EndKnowledge k = freshKnowledge();
        while (true) {
            long base = k.end();
            if (NoReplacePublisher.publish(
                    files.fs(), staged, layout.segment(stream, shardId, base))) {
                remember(new EndKnowledge(base + count, maxArrival, clock.millis()));
                return base;
            }
            k = learnFromConflict(base);
        }
    }

    /**
     * Seals the shard at its end: afterwards no write can land in it. Idempotent: sealing a sealed
     * shard returns the existing seal's offset.
     *
     * @return the seal's offset, one past the shard's last record
     */
    public long seal() throws IOException {
        EndKnowledge k = discoverEnd();
        SegmentBuilder empty = new SegmentBuilder(64, SegmentBuilder.DEFAULT_INDEX_INTERVAL);
        while (true) {
            long base = k.end();
            long now = clock.millis();
            boolean published =
                    files.publishNew(
                            layout.staging(stream),
                            layout.segment(stream, shardId, base),
                            out ->
                                    empty.writeTo(
                                            out,
                                            ordinal,
                                            base,
                                            new UUID(0, 0),
                                            0,
                                            SegmentFormat.FLAG_SEAL,
                                            true,
                                            now));
            if (published) {
                return base;
            }
            try {
                k = learnFromConflict(base);
            } catch (ShardClosedException alreadySealed) {
                return sealOffset();
            }
        }
    }

    /** The offset of this shard's seal, or -1 if it is open. */
    public long sealOffset() throws IOException {
        Listing l = list();
        if (l.segments().isEmpty()) {
            return -1;
        }
        SegmentFile tail = openOrNull(l.segments().get(l.segments().size() - 1).path());
        return tail != null && tail.isSeal() ? tail.baseOffset() : -1;
    }

    /** The shard's end: the offset the next record will get (or the seal's offset). */
    public long endOffset() throws IOException {
        return discoverEnd().end();
    }

    private EndKnowledge learnFromConflict(long base) throws IOException {
        SegmentFile existing = openOrNull(layout.segment(stream, shardId, base));
        if (existing == null) {
            // Removed between our publish attempt and now (retention or compaction): re-list.
            return discoverEnd();
        }
        // Follow the segments published after it to the end, reading only their headers and
        // trailers. Learning one segment per publish attempt is no faster than busy writers add
        // segments, so a writer or a seal that fell behind them would never catch up.
        while (true) {
            if (existing.isSeal()) {
                throw new ShardClosedException(stream, shardId);
            }
            SegmentFile next =
                    existing.count() == 0 ? null : openOrNull(segmentPath(existing.endOffset()));
            if (next == null) {
                break;
            }
            existing = next;
        }
        EndKnowledge k =
                new EndKnowledge(existing.endOffset(), existing.maxArrivalMillis(), clock.millis());
        remember(k);
        return k;
    }

    private synchronized void remember(EndKnowledge k) {
        if (knowledge == null || k.end() >= knowledge.end()) {
            knowledge = k;
        }
    }

    private EndKnowledge freshKnowledge() throws IOException {
        EndKnowledge k;
        synchronized (this) {
            k = knowledge;
        }
        if (k != null && clock.millis() - k.learnedMillis() < freshMillis) {
            return k;
        }
        return discoverEnd();
    }

    /** Finds the shard's end from a listing: the newest segment's end, or the end marker. */
    EndKnowledge discoverEnd() throws IOException {
        while (true) {
            Listing l = list();
            long now = clock.millis();
            if (l.segments().isEmpty()) {
                EndKnowledge k = new EndKnowledge(Math.max(0, l.endMarker()), 0, now);
                remember(k);
                return k;
            }
            SegmentRef newest = l.segments().get(l.segments().size() - 1);
            SegmentFile tail = openOrNull(newest.path());
            if (tail == null) {
                continue; // deleted by retention while we looked; list again
            }
            EndKnowledge k =
                    new EndKnowledge(
                            Math.max(tail.endOffset(), l.endMarker()),
                            tail.maxArrivalMillis(),
                            now);
            remember(k);
            return k;
        }
    }

    /** Lists the shard's segment base offsets and end marker, from file names only. */
    public Bases listBases() throws IOException {
        long now = clock.millis();
        String[] names = files.listNames(dir);
        long[] bases = new long[names.length];
        int n = 0;
        long marker = -1;
        for (String name : names) {
            long base = SegmentFormat.parseFileName(name);
            if (base >= 0) {
                bases[n++] = base;
            } else {
                marker = Math.max(marker, StoreLayout.parseEndMarker(name));
            }
        }
        bases = Arrays.copyOf(bases, n);
        Arrays.sort(bases);
        return new Bases(bases, marker, now);
    }

    /** Lists the shard's segments and end marker. */
    public Listing list() throws IOException {
        List<SegmentRef> segments = new ArrayList<>();
        long marker = -1;
        long now = clock.millis();
        for (FileStatus s : files.list(layout.shard(stream, shardId))) {
            String name = s.getPath().getName();
            long base = SegmentFormat.parseFileName(name);
            if (base >= 0) {
                segments.add(new SegmentRef(base, s.getPath(), s.getModificationTime()));
            } else {
                marker = Math.max(marker, StoreLayout.parseEndMarker(name));
            }
        }
        segments.sort((a, b) -> Long.compare(a.base(), b.base()));
        return new Listing(segments, marker, now);
    }

    /**
     * Opens the segment at {@code base} for reading its records, or returns null if it does not
     * exist (any more). A local segment is mapped into memory (see {@link SegmentFile#map}), except
     * on Windows, where a mapped file cannot be deleted by retention until the mapping is
     * collected.
     */
    public SegmentFile openForReading(long base) throws IOException {
        Path path = segmentPath(base);
        if (localDir == null) {
            return openOrNull(path);
        }
        try {
            return SegmentFile.map(path, localDir.resolve(path.getName()));
        } catch (NoSuchFileException | FileNotFoundException e) {
            return null;
        }
    }

    /**
     * True if a local segment opened earlier is still there: not deleted by retention or replaced
     * by compaction since. A segment opened ahead of its reader (only local ones are) is read only
     * if it still is, as if it had been opened when the reader got to it.
     */
    boolean isStillThere(SegmentFile f) {
        return localDir != null && Files.exists(localDir.resolve(f.path().getName()));
    }

    private static final boolean MAP_LOCAL_SEGMENTS = File.separatorChar == '/';

    /** Opens a segment, or returns null if it does not exist (any more). */
    public SegmentFile openOrNull(Path path) throws IOException {
        try {
            return SegmentFile.open(files.fs(), path);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    Path segmentPath(long base) {
        return StoreLayout.segment(dir, base);
    }

    StoreLayout layout() {
        return layout;
    }

    FileOps files() {
        return files;
    }

    long freshMillis() {
        return freshMillis;
    }

    Clock clock() {
        return clock;
    }
}

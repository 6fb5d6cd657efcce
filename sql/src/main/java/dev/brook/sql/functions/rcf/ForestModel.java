package dev.brook.sql.functions.rcf;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.returntypes.DiVector;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * The model of one partition: a Random Cut Forest over the partition's numeric columns. Rows are
 * scored before the forest learns them, as in Kinesis Data Analytics. It turns into bytes and back
 * through randomcutforest's own state mapper ({@link RandomCutForestMapper}), so a checkpoint holds
 * the samples of every tree, not the trees: they are rebuilt from the samples on restore.
 */
public final class ForestModel {
    /** Bumped when the byte layout changes; a snapshot of another version is refused. */
    private static final int FORMAT = 1;

    private final RandomCutForest forest;
    private final int columns;
    private long rows;

    private ForestModel(RandomCutForest forest, int columns, long rows) {
        this.forest = forest;
        this.columns = columns;
        this.rows = rows;
    }

    /** A new, empty model for rows of {@code columns} numeric values. */
    public static ForestModel create(ForestParameters parameters, int columns, long seed) {
        RandomCutForest.Builder<?> builder =
                RandomCutForest.builder()
                        .dimensions(columns * parameters.shingleSize())
                        .shingleSize(parameters.shingleSize())
                        .internalShinglingEnabled(parameters.shingleSize() > 1)
                        .numberOfTrees(parameters.numberOfTrees())
                        .sampleSize(parameters.subSampleSize())
                        .outputAfter(parameters.subSampleSize())
                        .timeDecay(1.0 / parameters.timeDecay())
                        .randomSeed(seed);
        return new ForestModel(builder.build(), columns, 0);
    }

    public int columns() {
        return columns;
    }

    /** Rows the model has learnt. */
    public long rows() {
        return rows;
    }

    /** The anomaly score of {@code values}; 0 while the forest warms up. */
    public double score(double[] values) {
        return forest.getAnomalyScore(toFloats(values));
    }

    /**
     * The attribution of the anomaly score of {@code values} to each column, in both directions:
     * {@code [0][c]} is the part of the score owed to column c being higher than the points the
     * forest holds near it, {@code [1][c]} to it being lower (each summed over the shingle's
     * positions). All of them add up to the score; all are 0 while the forest warms up.
     */
    public double[][] attribution(double[] values) {
        DiVector vector = forest.getAnomalyAttribution(toFloats(values));
        double[][] attribution = new double[2][columns];
        for (int d = 0; d < vector.getDimensions(); d++) {
            attribution[0][d % columns] += vector.high[d];
            attribution[1][d % columns] += vector.low[d];
        }
        return attribution;
    }

    /** Learns {@code values}. */
    public void update(double[] values) {
        forest.update(toFloats(values));
        rows++;
    }

    /** The model as bytes, for Flink state. */
    public byte[] toBytes() {
        RandomCutForestMapper mapper = new RandomCutForestMapper();
        mapper.setSaveExecutorContextEnabled(true);
        Snapshot snapshot = new Snapshot(FORMAT, mapper.toState(forest), columns, rows);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize a random cut forest", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The model {@link #toBytes} wrote. Trees are rebuilt from their samples with {@code seed}: the
     * same points as before, not necessarily the same cuts.
     */
    public static ForestModel fromBytes(byte[] bytes, long seed) {
        Snapshot snapshot;
        try (ObjectInputStream in = new ClassLoaderObjectInputStream(bytes)) {
            snapshot = (Snapshot) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("could not read a random cut forest from state", e);
        }
        if (snapshot.format() != FORMAT) {
            throw new IllegalStateException(
                    "random cut forest state has format "
                            + snapshot.format()
                            + ", this version reads "
                            + FORMAT);
        }
        RandomCutForest forest = new RandomCutForestMapper().toModel(snapshot.forest(), seed);
        return new ForestModel(forest, snapshot.columns(), snapshot.rows());
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private record Snapshot(int format, RandomCutForestState forest, int columns, long rows)
            implements Serializable {}

    /** Resolves classes with this library's class loader (Flink's user code class loader). */
    private static final class ClassLoaderObjectInputStream extends ObjectInputStream {
        ClassLoaderObjectInputStream(byte[] bytes) throws IOException {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc)
                throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, ForestModel.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}

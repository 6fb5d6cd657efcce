package dev.brook.firehose.process;

import java.util.Arrays;
import java.util.List;

/**
 * {@code SubRecordType DELIMITED}: a record split at every occurrence of the delimiter (given
 * base64-encoded, as in Firehose). Empty pieces, such as after a trailing delimiter, are not
 * sub-records.
 */
final class DelimitedDeAggregation extends RecordDeAggregation {

    private final byte[] delimiter;

    DelimitedDeAggregation(byte[] delimiter) {
        this.delimiter = delimiter.clone();
    }

    @Override
    boolean split(byte[] data, List<byte[]> into) throws MalformedRecordException {
        int start = 0;
        int at;
        while ((at = indexOf(data, start)) >= 0) {
            addPiece(data, start, at, into);
            start = at + delimiter.length;
        }
        addPiece(data, start, data.length, into);
        if (into.isEmpty()) {
            throw new MalformedRecordException(
                    "delimited de-aggregation: the record is empty or holds only delimiters");
        }
        return true;
    }

    private static void addPiece(byte[] data, int from, int to, List<byte[]> into)
            throws MalformedRecordException {
        if (to > from) {
            addCapped(into, Arrays.copyOfRange(data, from, to), "delimited");
        }
    }

    private int indexOf(byte[] data, int from) {
        byte first = delimiter[0];
        int last = data.length - delimiter.length;
        for (int i = from; i <= last; i++) {
            if (data[i] == first
                    && Arrays.equals(
                            data, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                return i;
            }
        }
        return -1;
    }
}

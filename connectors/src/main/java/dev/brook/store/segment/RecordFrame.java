package dev.brook.store.segment;

import static dev.brook.store.segment.SegmentFormat.FRAME_OVERHEAD;

/** Where one framed record lies in a byte array, decoded from its body prefix. */
public record RecordFrame(
        int framePosition,
        int bodyLength,
        long arrivalMillis,
        int keyOffset,
        int keyLength,
        int hashKeyOffset,
        int dataOffset,
        int dataLength) {

    /** Receives records one at a time without copying them. */
    @FunctionalInterface
    public interface Visitor {
        void visit(byte[] buf, RecordFrame frame);
    }

    static RecordFrame at(byte[] buf, int p, int bodyLen) {
        int body = p + FRAME_OVERHEAD;
        long arrival = SegmentFormat.getLong(buf, body);
        boolean hasHashKey = (buf[body + 8] & SegmentFormat.RECORD_FLAG_HASH_KEY) != 0;
        int keyLen = SegmentFormat.getShort(buf, body + 9);
        int keyOff = body + SegmentFormat.BODY_PREFIX;
        int hashKeyOff = hasHashKey ? keyOff + keyLen : -1;
        int dataOff = keyOff + keyLen + (hasHashKey ? 16 : 0);
        return new RecordFrame(
                p, bodyLen, arrival, keyOff, keyLen, hashKeyOff, dataOff, body + bodyLen - dataOff);
    }
}

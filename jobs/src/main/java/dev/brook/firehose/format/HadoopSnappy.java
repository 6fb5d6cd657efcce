package dev.brook.firehose.format;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.SnappyCodec;

/** Reads Hadoop's Snappy block format with Hadoop's own codec (kept apart: Hadoop is provided). */
final class HadoopSnappy {
    private HadoopSnappy() {}

    static InputStream decompress(InputStream in) throws IOException {
        SnappyCodec codec = new SnappyCodec();
        codec.setConf(new Configuration(false));
        return codec.createInputStream(in);
    }
}

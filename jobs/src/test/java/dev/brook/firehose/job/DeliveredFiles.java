package dev.brook.firehose.job;

import dev.brook.firehose.format.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** The committed objects under a local destination directory: key (relative path) and content. */
public record DeliveredFiles(List<DeliveredFiles.File> files) {

    public record File(String key, byte[] content) {
        /** The key's directory part (the evaluated prefix without its trailing '/'). */
        public String prefix() {
            int slash = key.lastIndexOf('/');
            return slash < 0 ? "" : key.substring(0, slash);
        }

        public String name() {
            return key.substring(key.lastIndexOf('/') + 1);
        }

        /** The non-empty lines of the file, decompressed with {@code compression}. */
        public List<String> lines(Compression compression) {
            return lines(
                    in -> {
                        try {
                            return compression.unwrap(in);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }

        public List<String> lines(Function<InputStream, InputStream> decompress) {
            try (InputStream in = decompress.apply(new java.io.ByteArrayInputStream(content))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                List<String> out = new ArrayList<>();
                for (String l : text.split("\n", -1)) {
                    if (!l.isEmpty()) {
                        out.add(l);
                    }
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every visible file (FileSink's in-progress and pending files start with '.'). */
    public static DeliveredFiles under(Path dir) throws IOException {
        List<File> files = new ArrayList<>();
        if (!Files.exists(dir)) {
            return new DeliveredFiles(files);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                files.add(
                        new File(
                                dir.relativize(p).toString().replace('\\', '/'),
                                Files.readAllBytes(p)));
            }
        }
        return new DeliveredFiles(files);
    }

    public List<File> startingWith(String keyPrefix) {
        return files.stream().filter(f -> f.key().startsWith(keyPrefix)).toList();
    }

    public List<File> notStartingWith(String... keyPrefixes) {
        return files.stream()
                .filter(f -> Stream.of(keyPrefixes).noneMatch(p -> f.key().startsWith(p)))
                .toList();
    }
}

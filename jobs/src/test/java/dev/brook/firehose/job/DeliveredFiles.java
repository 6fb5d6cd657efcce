package dev.brook.firehose.job;

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
record DeliveredFiles(List<DeliveredFiles.File> files) {

    record File(String key, byte[] content) {
        /** The key's directory part (the evaluated prefix without its trailing '/'). */
        String prefix() {
            int slash = key.lastIndexOf('/');
            return slash < 0 ? "" : key.substring(0, slash);
        }

        String name() {
            return key.substring(key.lastIndexOf('/') + 1);
        }

        List<String> lines(Function<InputStream, InputStream> decompress) {
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
    static DeliveredFiles under(Path dir) throws IOException {
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

    List<File> startingWith(String keyPrefix) {
        return files.stream().filter(f -> f.key().startsWith(keyPrefix)).toList();
    }

    List<File> notStartingWith(String... keyPrefixes) {
        return files.stream()
                .filter(f -> Stream.of(keyPrefixes).noneMatch(p -> f.key().startsWith(p)))
                .toList();
    }
}

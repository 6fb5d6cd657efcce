package dev.brook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Values read from files, as the AWS CLI does it: {@code file://PATH} is a text file's content,
 * {@code fileb://PATH} a file's raw bytes; anything else is the value itself.
 */
final class Inputs {
    static final String TEXT_FILE = "file://";
    static final String BINARY_FILE = "fileb://";

    private Inputs() {}

    /** The bytes an argument denotes: its UTF-8 text, or a file's content. */
    static byte[] bytes(String arg) throws IOException {
        if (arg.startsWith(BINARY_FILE)) {
            return read(arg.substring(BINARY_FILE.length()));
        }
        if (arg.startsWith(TEXT_FILE)) {
            return read(arg.substring(TEXT_FILE.length()));
        }
        return arg.getBytes(StandardCharsets.UTF_8);
    }

    /** Opens a file named on the command line; {@code -} is {@code stdin}. */
    static InputStream open(String arg, InputStream stdin) throws IOException {
        if (arg.equals("-")) {
            return stdin;
        }
        String p = arg.startsWith(TEXT_FILE) ? arg.substring(TEXT_FILE.length()) : arg;
        return Files.newInputStream(path(p));
    }

    private static byte[] read(String p) throws IOException {
        return Files.readAllBytes(path(p));
    }

    private static Path path(String p) {
        return Paths.get(p);
    }

    /** A one-line reason a file could not be read. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}

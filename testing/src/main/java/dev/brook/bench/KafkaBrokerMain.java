package dev.brook.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs {@code kafka.Kafka} (the broker's own main class, on the broker's classpath) in the JVM that
 * {@link KafkaBroker} starts, and ends that JVM when its standard input closes: the benchmark keeps
 * the pipe open for as long as it runs, so the broker goes away with it even when the benchmark's
 * JVM is killed without running its shutdown hooks.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        Thread watchdog =
                new Thread(
                        () -> {
                            InputStream in = System.in;
                            byte[] buf = new byte[64];
                            try {
                                while (in.read(buf) >= 0) {
                                    // the parent writes nothing; only the end of input counts
                                }
                            } catch (IOException e) {
                                // a broken pipe means the same as its end
                            }
                            Thread halt =
                                    new Thread(
                                            () -> {
                                                try {
                                                    Thread.sleep(10_000);
                                                } catch (InterruptedException ignored) {
                                                    // halt now
                                                }
                                                Runtime.getRuntime().halt(1);
                                            },
                                            "bench-broker-halt");
                            halt.setDaemon(true);
                            halt.start();
                            System.exit(0);
                        },
                        "bench-broker-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}

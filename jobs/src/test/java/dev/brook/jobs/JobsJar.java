package dev.brook.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;

/** The shaded jobs jar that {@code package} built, as {@code flink run} gets it. */
final class JobsJar {
    private JobsJar() {}

    static File find() {
        File[] jars =
                new File("target")
                        .listFiles(
                                f ->
                                        f.getName().startsWith("brook-jobs-")
                                                && f.getName().endsWith(".jar")
                                                && !f.getName().contains("tests")
                                                && !f.getName().contains("sources"));
        assertThat(jars).as("the shaded jobs jar (run after 'package')").hasSize(1);
        return jars[0];
    }
}

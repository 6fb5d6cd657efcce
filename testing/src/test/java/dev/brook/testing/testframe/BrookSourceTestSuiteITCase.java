package dev.brook.testing.testframe;

import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SourceTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Timeout;

/**
 * Flink's connector testing framework's source suite against BrookSource, in both checkpointing
 * modes. Every test of the suite runs; none is disabled.
 *
 * <p>The framework waits for results without a deadline, so a broken connector would hang the
 * build: each test gets two minutes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrookSourceTestSuiteITCase extends SourceTestSuiteBase<String> {
    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem BrookTestStore brook = new BrookTestStore();

    @TestContext
    BrookSourceExternalContextFactory contexts = new BrookSourceExternalContextFactory(brook);

    @TestSemantics
    CheckpointingMode[] semantics = {
        CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE
    };
}

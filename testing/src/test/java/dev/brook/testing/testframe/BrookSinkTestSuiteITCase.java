package dev.brook.testing.testframe;

import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.connector.testframe.junit.annotations.TestContext;
import org.apache.flink.connector.testframe.junit.annotations.TestEnv;
import org.apache.flink.connector.testframe.junit.annotations.TestExternalSystem;
import org.apache.flink.connector.testframe.junit.annotations.TestSemantics;
import org.apache.flink.connector.testframe.testsuites.SinkTestSuiteBase;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Timeout;

/**
 * Flink's connector testing framework's sink suite against BrookSink, in both checkpointing modes.
 * Every test of the suite runs; none is disabled.
 *
 * <p>The framework waits for results without a deadline, so a broken connector would hang the
 * build: each test gets two minutes.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrookSinkTestSuiteITCase extends SinkTestSuiteBase<String> {
    @TestEnv MiniClusterTestEnvironment flink = new MiniClusterTestEnvironment();

    @TestExternalSystem BrookTestStore brook = new BrookTestStore();

    @TestContext
    BrookSinkExternalContextFactory contexts = new BrookSinkExternalContextFactory(brook);

    @TestSemantics
    CheckpointingMode[] semantics = {
        CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE
    };
}

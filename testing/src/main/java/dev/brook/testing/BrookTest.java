package dev.brook.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with a {@link BrookExtension}: one Flink MiniCluster for the class, a fresh
 * store in a temporary directory for each test. Test methods take the extension as a parameter.
 *
 * <pre>{@code
 * @BrookTest
 * class MyJobTest {
 *     @Test
 *     void copies(BrookExtension brook) throws Exception { ... }
 * }
 * }</pre>
 *
 * For more control (store settings, no MiniCluster) register the extension yourself:
 * {@code @RegisterExtension static BrookExtension brook = BrookExtension.withMiniCluster(1, 4);}
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BrookExtension.class)
public @interface BrookTest {
    /** Task managers of the MiniCluster. */
    int taskManagers() default 1;

    /** Slots per task manager; the default parallelism of jobs is the total slot count. */
    int slotsPerTaskManager() default 2;
}

package org.networkbroker.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.networkbroker.config.LogFormat;
import org.networkbroker.config.LogLevel;

/**
 * Configures Logback when it starts, in place of a {@code logback.xml}: text lines on stdout
 * at info, until {@link LogSetup#configure} applies the broker's settings. Logback finds this
 * class through {@code META-INF/services}. Reading XML instead loaded about 600 more classes
 * (Joran and the JDK's XML parser) at every start.
 *
 * <p>A {@code logback-test.xml} or {@code logback.xml} on the class path still wins, so that
 * tests keep their own format.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StartupLogConfigurator extends ContextAwareBase implements Configurator {

    /** Creates the configurator; Logback calls this through the service loader. */
    public StartupLogConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = StartupLogConfigurator.class.getClassLoader();
        if (loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogSetup.configure(context, LogLevel.INFO, LogFormat.TEXT,
                System.getenv("JOURNAL_STREAM") != null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

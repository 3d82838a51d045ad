package io.multisystem.core.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --version} of every system's CLI: the platform version this build was made from, and the JVM. */
public final class PlatformVersion implements IVersionProvider {
    /** The platform version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        try (InputStream in = PlatformVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"multisystem " + current(),
                "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}

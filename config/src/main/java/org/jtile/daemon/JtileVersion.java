package org.jtile.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** jtile's version from the build, for {@code --version} and start-up logs. */
public final class JtileVersion implements CommandLine.IVersionProvider {
  /** The version, e.g. 0.1.0, or "unknown" outside a build. */
  public static String version() {
    return Lazy.VERSION;
  }

  /**
   * Read on first use, not when picocli makes the provider: opening the jar for it is part of every tool
   * run's start-up, and only --version and the daemons' start-up line need it
   * (docs/performance/2026-11-24-tools-start-up.md).
   */
  private static final class Lazy {
    static final String VERSION = read();
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = JtileVersion.class.getResourceAsStream("/jtile-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {version()};
  }
}

package org.jtile.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** jtile's version from the build, for {@code --version} and start-up logs. */
public final class JtileVersion implements CommandLine.IVersionProvider {
  public static final String VERSION = read();

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
    return new String[] {VERSION};
  }
}

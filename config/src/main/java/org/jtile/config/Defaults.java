package org.jtile.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where things are when nothing says otherwise, written once: mod_tile's paths for what a classic
 * installation has, jtile's for its own files (its HOCON defaults are in {@code reference.conf}).
 */
public final class Defaults {
  /** mod_tile's renderd socket (its RENDERD_SOCKET), where a classic renderd.conf or the tools look. */
  public static final String MOD_TILE_SOCKET = "/run/renderd/renderd.sock";
  /** mod_tile's tile directory (its RENDERD_TILE_DIR). */
  public static final String MOD_TILE_TILE_DIR = "/var/cache/renderd/tiles";
  /** jtile-renderd's configuration when no option names one. */
  public static final Path RENDERD_CONFIG = Path.of("/etc/jtile/renderd.conf");
  /** jtile-frontend's configuration when no option names one. */
  public static final Path FRONTEND_CONFIG = Path.of("/etc/jtile/frontend.conf");

  /** A line starting jtile's HOCON root ({@code jtile.renderd {}, {@code jtile {}, {@code jtile.frontend.x = }). */
  private static final Pattern HOCON_ROOT = Pattern.compile("(?m)^\\s*\"?jtile\"?\\s*[.{=:]");

  private Defaults() {}

  /**
   * Whether {@code file} is jtile's HOCON rather than a classic mod_tile renderd.conf (INI): what
   * {@code -c/--config} takes in every jtile command. A file that cannot be read counts as HOCON, whose
   * reader says what is wrong with it.
   */
  public static boolean isHocon(Path file) {
    if (!Files.isRegularFile(file)) {
      return true;
    }
    try {
      return HOCON_ROOT.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      return true;
    } catch (UncheckedIOException e) {
      return true;
    }
  }
}

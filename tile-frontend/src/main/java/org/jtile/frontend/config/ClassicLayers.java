package org.jtile.frontend.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jtile.config.ConfigException;
import org.jtile.config.Defaults;
import org.jtile.config.IniFile;
import org.jtile.config.IniSection;
import org.jtile.config.OutputType;
import org.jtile.frontend.layer.Layer;

/**
 * The layers of a classic renderd.conf, read as mod_tile's {@code LoadTileConfigFile} reads them: every
 * map section with a URI becomes a layer (name, zooms, TYPE's extension and mime type, DESCRIPTION,
 * ATTRIBUTION, CORS, SERVER_ALIAS, TILEDIR, PARAMETERIZE_STYLE), in file order. The {@code [renderd]}
 * section also says where renderd listens.
 */
final class ClassicLayers {
  /** What the frontend takes from the file. */
  public record Result(List<Layer> layers, Optional<String> renderdSocket) {}

  private ClassicLayers() {}

  /**
   * @param defaultTileDir storage for sections without TILEDIR when {@code [renderd]} sets no tile_dir
   * @param warn told about map sections that cannot be layers
   */
  public static Result read(Path file, String defaultTileDir, Consumer<String> warn) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "LoadTileConfigFile error, unable to open config file '" + file + "'", ConfigException.MISSING);
    }
    IniFile ini = IniFile.read(file);
    Map<String, String> renderdValues = ini.sections.getOrDefault("renderd", ini.sections.getOrDefault("renderd0", Map.of()));
    IniSection renderd = new IniSection(file, "renderd", renderdValues);
    String tileDir = renderd.string("tile_dir", defaultTileDir);
    List<Layer> layers = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> section : ini.sections.entrySet()) {
      if (!IniFile.isMapSection(section.getKey())) {
        continue;
      }
      IniSection s = new IniSection(file, section.getKey(), section.getValue());
      if (s.string("uri", "").isEmpty()) {
        warn.accept("Config file '" + file + "' [" + s.name() + "]: no URI, so not served");
        continue;
      }
      layers.add(s.build(() -> layer(s, tileDir)));
    }
    if (layers.isEmpty()) {
      throw new ConfigException("No map config sections with a URI were found in file: " + file, ConfigException.MISSING);
    }
    int port = renderd.build(() -> renderd.integer("ipport", 0));
    Optional<String> socket = port > 0
        ? Optional.of(renderd.string("iphostname", "127.0.0.1") + ":" + port)
        : Optional.of(renderd.string("socketname", Defaults.MOD_TILE_SOCKET));
    return new Result(layers, socket);
  }

  private static Layer layer(IniSection s, String tileDir) {
    String type = s.string("type", "");
    OutputType output = type.isEmpty() ? OutputType.DEFAULT : OutputType.parse(type);
    return new Layer(
        s.string("uri", ""),
        s.name(),
        output.extension(),
        output.mimeType(),
        s.integer("minzoom", 0),
        s.integer("maxzoom", 20),
        s.string("tiledir", tileDir),
        !s.string("parameterize_style", "").isEmpty(),
        s.string("description", ""),
        s.string("attribution", ""),
        s.string("cors", ""),
        s.string("server_alias", ""));
  }
}

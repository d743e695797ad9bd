package org.jtile.frontend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jtile.config.ConfigException;
import org.jtile.frontend.layer.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassicLayersTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  private ClassicLayers.Result read(String text) throws Exception {
    return ClassicLayers.read(Files.writeString(dir.resolve("renderd.conf"), text), "/default/tiles", warnings::add);
  }

  @Test
  void mapSections_becomeLayers_inFileOrder_withEveryKeyModTileReads() throws Exception {
    ClassicLayers.Result r = read("""
        [renderd]
        iphostname=127.0.0.2
        ipport=7654
        [mapnik]
        font_dir=/usr/share/fonts
        [osm]
        URI=/osm/
        XML=/srv/osm.xml
        TILEDIR=/srv/tiles
        MINZOOM=2
        MAXZOOM=19
        TYPE=jpg image/jpeg jpeg
        DESCRIPTION=OpenStreetMap "carto"
        ATTRIBUTION="&copy; OSM contributors"
        CORS=https://a.example https://b.example
        SERVER_ALIAS=http://b.tile.example/
        [local]
        URI=/local/
        XML=/srv/local.xml
        PARAMETERIZE_STYLE=language
        [render_only]
        XML=/srv/other.xml
        """);
    assertThat(r.layers()).containsExactly(
        new Layer("/osm/", "osm", "jpg", "image/jpeg", 2, 19, "/srv/tiles", false, "OpenStreetMap \"carto\"",
            "&copy; OSM contributors", "https://a.example https://b.example", "http://b.tile.example/"),
        new Layer("/local/", "local", "png", "image/png", 0, 20, "/default/tiles", true, "", "", "", ""));
    assertThat(r.renderdSocket()).contains("127.0.0.2:7654");
    assertThat(warnings).containsExactly("Config file '" + dir.resolve("renderd.conf") + "' [render_only]: no URI, so not served");
  }

  @Test
  void badFiles_failWithModTilesMessages() {
    assertThatThrownBy(() -> ClassicLayers.read(dir.resolve("none.conf"), "/t", warnings::add))
        .isInstanceOf(ConfigException.class).hasMessageContaining("LoadTileConfigFile error, unable to open config file");
    assertThatThrownBy(() -> read("[renderd]\n[osm]\nURI=/osm/\nMAXZOOM=x\n"))
        .hasMessageContaining("[osm]: maxzoom: Invalid maxzoom, must be an integer (x was provided)");
    assertThatThrownBy(() -> read("[renderd]\n[osm]\nURI=/osm/\nTYPE=png image/png png256 extra\n"))
        .hasMessageContaining("[osm]: Specified type (png image/png png256 extra) has too many parts");
    assertThatThrownBy(() -> read("[renderd]\nsocketname=/s\n")).hasMessageContaining("No map config sections with a URI");
    assertThatThrownBy(() -> read("not an ini line\n")).hasMessageContaining("line 1: syntax error");
  }
}

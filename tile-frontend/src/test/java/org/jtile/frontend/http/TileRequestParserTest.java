package org.jtile.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jtile.frontend.layer.Layer;
import org.jtile.metatile.TileCoord;
import org.junit.jupiter.api.Test;

class TileRequestParserTest {
  private static final Layer OSM = Layer.simple("/osm", "osm", "/tiles");
  private static final Layer LOCAL = new Layer("/local/", "local", "png", "image/png", 2, 18, "/tiles", true,
      "", "", "", "");
  private final TileRequestParser parser = new TileRequestParser(List.of(OSM, LOCAL));

  private TileRequest ok(String path) {
    TileRequestParser.Result r = parser.parse(path);
    assertThat(r.request()).as("%s: %s", path, r.reason()).isPresent();
    return r.request().get();
  }

  @Test
  void tiles_statusDirtyAndTileJson() {
    assertThat(ok("/osm/9/297/191.png")).isEqualTo(new TileRequest(OSM, TileRequest.Kind.TILE, "", new TileCoord(9, 297, 191)));
    assertThat(ok("/osm/0/0/0.png/status").kind()).isEqualTo(TileRequest.Kind.STATUS);
    assertThat(ok("/osm/20/1048575/0.png/dirty").kind()).isEqualTo(TileRequest.Kind.DIRTY);
    assertThat(ok("/osm/tile-layer.json").kind()).isEqualTo(TileRequest.Kind.TILE_JSON);
    TileRequest parameterised = ok("/local/en,de,_/3/1/2.png");
    assertThat(parameterised.options()).isEqualTo("en,de,_");
    assertThat(parameterised.tile()).isEqualTo(new TileCoord(3, 1, 2));
  }

  @Test
  void badPaths_areNotFound_orNotOurs() {
    for (String bad : new String[] {
        "/osm/", "/osm/1/0", "/osm/1/0/0", "/osm/1/0/0.jpg", "/osm/1/0/0.png/other", "/osm/1/0/0.png/status/x",
        "/osm/-1/0/0.png", "/osm/1/-1/0.png", "/osm/1/0/01.png", "/osm/1/2/0.png", "/osm/1/0/2.png",
        "/osm/21/0/0.png", "/osm/99999999999/0/0.png", "/osm/a/b/c.png", "/osm/1/0/0.png.png",
        "/osm/1/0/0.PNG", "/osm/../1/0/0.png", "/osm/1/0/0%2Epng", "/osm/1%2F0/0/0.png", "/osm/1//0/0.png",
        "/osm/" + "9".repeat(600), "/local/1/0/0.png", "/local/0/0/0/0.png", "/local/en/1/0/0.png",
        "/local/../3/0/0.png", "/local/a%2Fb/3/0/0.png", "/local//3/0/0.png"}) {
      TileRequestParser.Result r = parser.parse(bad);
      assertThat(r.request()).as(bad).isEmpty();
      assertThat(r.layerMatched()).as(bad).isTrue();
    }
    assertThat(parser.parse("/other/1/0/0.png").layerMatched()).isFalse();
    assertThat(parser.parse("/").layerMatched()).isFalse();
  }

  @Test
  void layer_normalisesItsUri() {
    assertThat(Layer.simple("", "s", "/t").uri()).isEqualTo("/");
    assertThat(Layer.simple("/a", "s", "/t").uri()).isEqualTo("/a/");
  }
}

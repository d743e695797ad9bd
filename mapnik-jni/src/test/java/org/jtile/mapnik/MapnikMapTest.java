package org.jtile.mapnik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jtile.testing.ExampleMap;
import org.jtile.testing.ExternalProcess;
import org.jtile.testing.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MapnikMapTest {
  private static final int LAND = 0xf2efe9;
  private static final int SEA = 0xaad3df;

  @TempDir static Path shared;
  @TempDir Path dir;
  private static Path style;

  @BeforeAll
  static void initialise() {
    Peers.require("mapnik-config", "libmapnik-dev");
    Mapnik.initialise(Path.of("/usr/lib/mapnik/3.1/input"), Path.of("/usr/share/fonts"), true);
    style = ExampleMap.writeStyle(shared.resolve("style"));
  }

  /** The whole world at zoom 0 in one 256-pixel tile. */
  private static byte[] world(MapnikMap map, String format) {
    double[] box = Projection.WEB_MERCATOR.bounds(0, 0, 0);
    return map.render(1, 1, 256, 1.0, 128, box[0], box[1], box[2], box[3], format, "", null)[0];
  }

  private static void assertLandAndSea(BufferedImage image, int tolerance) {
    assertThat(image.getWidth()).isEqualTo(256);
    assertThat(image.getHeight()).isEqualTo(256);
    assertColour(image, 135, 112, LAND, tolerance); // the Sahara
    assertColour(image, 128, 128, SEA, tolerance); // the Gulf of Guinea
    assertColour(image, 21, 128, SEA, tolerance); // the Pacific
  }

  private static void assertColour(BufferedImage image, int x, int y, int rgb, int tolerance) {
    int actual = image.getRGB(x, y) & 0xffffff;
    for (int shift = 0; shift <= 16; shift += 8) {
      assertThat(Math.abs(((actual >> shift) & 0xff) - ((rgb >> shift) & 0xff)))
          .as("pixel %d,%d is #%06x, expected #%06x", x, y, actual, rgb)
          .isLessThanOrEqualTo(tolerance);
    }
  }

  @Test
  void render_everyOutputFormat_givesTheLandAndSeaWhereTheyAre() throws Exception {
    try (MapnikMap map = MapnikMap.load(style)) {
      assertThat(map.srs()).contains("+proj=merc +a=6378137 +b=6378137");
      for (String format : new String[] {"png256", "png", "png32", "jpeg", "jpeg90"}) {
        byte[] tile = world(map, format);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(tile));
        assertThat(image).as(format).isNotNull();
        assertLandAndSea(image, format.startsWith("jpeg") ? 12 : 0);
      }
      byte[] webp = world(map, "webp");
      assertThat(new String(webp, 0, 4, "US-ASCII") + new String(webp, 8, 4, "US-ASCII")).isEqualTo("RIFFWEBP");
      Path dwebp = Peers.require("dwebp", "webp");
      Path in = Files.write(dir.resolve("t.webp"), webp);
      ExternalProcess.Result decoded = ExternalProcess.run(dir, java.time.Duration.ofSeconds(30), "",
          List.of(dwebp.toString(), in.toString(), "-o", dir.resolve("t.png").toString()));
      assertThat(decoded.exitCode()).as(decoded.output()).isZero();
      assertLandAndSea(ImageIO.read(dir.resolve("t.png").toFile()), 12);
    }
  }

  @Test
  void demoStyle_fetchedThroughNpm_drawsTheWorld() throws Exception {
    Peers.require("npm", "npm");
    Path repo = Path.of(System.getProperty("jtile.repo.dir", "../"));
    ExternalProcess.Result fetched = ExternalProcess.run(dir, java.time.Duration.ofMinutes(3), "",
        List.of(repo.resolve("scripts/demo-data.sh").toString()));
    assertThat(fetched.exitCode()).as(fetched.output()).isZero();
    Path demoStyle = Path.of(fetched.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    try (MapnikMap map = MapnikMap.load(demoStyle)) {
      assertLandAndSea(ImageIO.read(new ByteArrayInputStream(world(map, "png256"))), 0);
    }
  }

  @Test
  void eightThreadsWithTheirOwnMaps_renderTheSameBytesAsOne() throws Exception {
    int[][] metatiles = {{5, 0, 0}, {5, 8, 8}, {5, 16, 8}, {6, 32, 16}, {6, 8, 24}, {7, 64, 40}, {4, 8, 0}, {3, 0, 0}};
    List<byte[][]> sequential = new ArrayList<>();
    try (MapnikMap map = MapnikMap.load(style)) {
      for (int[] m : metatiles) {
        sequential.add(renderMetatile(map, m));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(metatiles.length);
    try {
      List<Future<byte[][]>> parallel = new ArrayList<>();
      for (int[] m : metatiles) {
        parallel.add(pool.submit(() -> {
          try (MapnikMap own = MapnikMap.load(style)) {
            return renderMetatile(own, m);
          }
        }));
      }
      for (int i = 0; i < metatiles.length; i++) {
        assertThat(parallel.get(i).get(120, TimeUnit.SECONDS)).as(Arrays.toString(metatiles[i])).isDeepEqualTo(sequential.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void parallelEncoding_givesTheSameBytesAsSequential() throws Exception {
    ExecutorService encoders = Executors.newFixedThreadPool(3);
    try (MapnikMap map = MapnikMap.load(style)) {
      for (int i = 0; i < 12; i++) {
        double[] box = Projection.WEB_MERCATOR.bounds(8 * i, 8 * (i % 4), 6);
        byte[][] one = map.render(8, 8, 256, 1.0, 128, box[0], box[1], box[2], box[3], "png256", "", null);
        byte[][] many = map.render(8, 8, 256, 1.0, 128, box[0], box[1], box[2], box[3], "png256", "", encoders);
        assertThat(many).as("metatile %d", i).isDeepEqualTo(one);
      }
    } finally {
      encoders.shutdownNow();
    }
  }

  static byte[][] renderMetatile(MapnikMap map, int[] zxy) {
    Projection p = Projection.WEB_MERCATOR;
    double[] box = p.bounds(zxy[1], zxy[2], zxy[0]);
    return map.render(p.tilesAcross(zxy[0]), p.tilesDown(zxy[0]), 256, 1.0, 128, box[0], box[1], box[2], box[3],
        "png256", "", null);
  }

  @Test
  void badStyles_areJavaExceptionsWithMapniksMessage_andTheJvmLivesOn() throws Exception {
    assertThatThrownBy(() -> MapnikMap.load(dir.resolve("missing.xml")))
        .isInstanceOf(MapnikException.class).hasMessageContaining("does not exist");
    Path invalid = Files.writeString(dir.resolve("invalid.xml"), "<Map><Layer></Map");
    assertThatThrownBy(() -> MapnikMap.load(invalid)).isInstanceOf(MapnikException.class).hasMessageStartingWith("load_map: ");
    Path noData = Files.writeString(dir.resolve("nodata.xml"), Files.readString(style)
        .replace(ExampleMap.DATA_FILE, "no-such-file.geo.json"));
    assertThatThrownBy(() -> MapnikMap.load(noData)).isInstanceOf(MapnikException.class).hasMessageContaining("no-such-file");
    Path font = Files.writeString(style.resolveSibling("font.xml"), Files.readString(style).replace(
        "<LineSymbolizer", "<TextSymbolizer face-name=\"No Such Font Regular\" size=\"10\">'x'</TextSymbolizer><LineSymbolizer"));
    assertThatThrownBy(() -> MapnikMap.load(font)).isInstanceOf(MapnikException.class).hasMessageContaining("No Such Font");
    try (MapnikMap map = MapnikMap.load(style)) {
      assertThatThrownBy(() -> map.render(8, 8, 100_000, 1, 0, 0, 0, 1, 1, "png", "", null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
      assertThatThrownBy(() -> map.render(-1, 8, 256, 1, 0, 0, 0, 1, 1, "png", "", null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> map.render(1, 1, 256, 1, 0, 0, 0, 1, 1, "bogusformat", "", null))
          .isInstanceOf(MapnikException.class).hasMessageContaining("bogusformat");
      map.close();
      assertThatThrownBy(() -> world(map, "png")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      map.close();
    }
    try (MapnikMap map = MapnikMap.load(style)) {
      assertThat(world(map, "png256")).isNotEmpty();
    }
  }

  @Test
  void thousandsOfRenders_keepTheResidentSetFlat() throws Exception {
    try (MapnikMap map = MapnikMap.load(style)) {
      for (int i = 0; i < 300; i++) {
        ocean(map);
      }
      System.gc();
      long before = residentKb();
      for (int i = 0; i < 3000; i++) {
        ocean(map);
        if (i % 500 == 0) {
          MapnikMap.load(style).close();
        }
      }
      System.gc();
      long growth = residentKb() - before;
      assertThat(growth).as("RSS growth in KB over 3000 renders").isLessThan(40_000);
    }
  }

  /** A cheap render: one tile of open Pacific at zoom 10, every call a new image and encode. */
  private static void ocean(MapnikMap map) {
    double[] box = Projection.WEB_MERCATOR.bounds(100, 500, 10);
    assertThat(map.render(1, 1, 256, 1.0, 128, box[0], box[1], box[2], box[3], "png256", "", null)[0]).isNotEmpty();
  }

  private static long residentKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new AssertionError("no VmRSS");
  }

  @Test
  void language_buildsModTilesNameColumn() {
    assertThat(Language.nameColumn("en,de,_")).isEqualTo(", coalesce(tags->'name:en',tags->'name:de',name) as name");
    assertThat(Language.nameColumn("")).isEmpty();
    assertThat(Language.nameColumn("fr'x")).isEqualTo(", coalesce(tags->'name:fr''x') as name");
  }
}

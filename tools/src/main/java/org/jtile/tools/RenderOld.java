package org.jtile.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jtile.metatile.MetatileCoord;
import org.jtile.popularity.PopularityRecord;
import org.jtile.store.PlanetTimestamp;
import org.jtile.store.file.MetatilePath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * mod_tile's render_old: walks the map's tile tree zoom by zoom and re-renders every metatile older than
 * the planet import ({@code planet-import-complete}, else three days ago) or {@code --timestamp}; with
 * {@code --by-popularity}, the most-viewed first.
 */
@Command(name = "render-old", mixinStandardHelpOptions = true,
    description = "Re-render the metatiles older than the planet import (planet-import-complete) or --timestamp.")
final class RenderOld extends ToolCommand {
  @Option(names = {"-T", "--timestamp"}, paramLabel = "TIME",
      description = "re-render what is older than this: dd/mm/yy, dd/mm/yyyy or seconds since 1970")
  String timestamp;

  @Mixin PopularityOrder byPopularity;

  @Override
  String name() {
    return "render-old";
  }

  @Override
  void run(ToolOptions.Settings s, Summary summary) throws ToolException, IOException, InterruptedException {
    if (!s.tileDir().startsWith("/")) { // as mod_tile's render_old, which opens the directory tree itself
      throw new ToolException("render-old walks a tile directory, and " + s.tileDir() + " is not one",
          ToolException.OPTIONS);
    }
    Path tileDir = Path.of(s.tileDir());
    Instant before = timestamp != null ? parseTimestamp(timestamp) : planetTime(tileDir);
    PopularityRecord views = byPopularity.enabled() ? byPopularity.load(summary) : null;
    PopularityOrder.Gathered gathered = new PopularityOrder.Gathered();
    withStore(s, summary, true, (store, submitter) -> {
      for (int z = s.minZoom(); z <= s.maxZoom() && !interrupted(); z++) {
        Path zoomDir = tileDir.resolve(s.map()).resolve(String.valueOf(z));
        if (!Files.isDirectory(zoomDir)) {
          continue;
        }
        walk(zoomDir, 0, before, summary, file -> {
          Optional<MetatilePath.Parsed> parsed = MetatilePath.parse(tileDir, file);
          if (parsed.isEmpty() || !parsed.get().options().isEmpty()) {
            summary.skipped.increment();
            return;
          }
          summary.requested.increment();
          MetatileCoord m = parsed.get().coord();
          if (views != null) {
            gathered.add(m.z(), m.x(), m.y());
          } else {
            submitter.submit(s.map(), m);
          }
        });
      }
      if (views != null && !interrupted()) {
        gathered.forEachByViews(views, s.map(), (z, x, y) -> submitter.submit(s.map(), new MetatileCoord(z, x, y)));
      }
    });
  }

  /** What {@link #walk} does with each old metatile. */
  @FunctionalInterface
  private interface OldMetatile {
    void found(Path file) throws ToolException, InterruptedException;
  }

  /**
   * Hands {@code old} each metatile older than {@code before} below {@code dir} (a zoom's directory at
   * depth 0, metatiles at depth 5), in path order, reading one directory at a time: a planet's cache holds
   * millions of metatiles, more paths than the heap holds at once. Symbolic links are not followed; a
   * directory that cannot be read is reported and skipped.
   */
  private void walk(Path dir, int depth, Instant before, Summary summary, OldMetatile old)
      throws ToolException, InterruptedException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      summary.warn(name() + ": cannot read " + dir + ", skipped: " + e.getMessage());
      return;
    }
    for (Path entry : entries) {
      if (interrupted()) {
        return;
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        continue; // gone since the listing
      }
      if (attributes.isDirectory() && depth < 4) {
        walk(entry, depth + 1, before, summary, old);
      } else if (isOld(entry, attributes, before)) {
        old.found(entry);
      }
    }
  }

  private static boolean isOld(Path file, BasicFileAttributes attributes, Instant before) {
    return attributes.isRegularFile() && file.getFileName().toString().endsWith(".meta")
        && attributes.lastModifiedTime().toInstant().isBefore(before);
  }

  /** The root planet timestamp's time, else three days ago, as mod_tile. */
  private static Instant planetTime(Path tileDir) {
    Path planet = tileDir.resolve(PlanetTimestamp.FILE_NAME);
    try {
      return Files.getLastModifiedTime(planet).toInstant();
    } catch (IOException e) {
      return Instant.now().minusSeconds(3 * 24 * 3600);
    }
  }

  /** mod_tile's forms: seconds since 1970, or dd/mm/yy (yy < 70 is 20yy) / dd/mm/yyyy in local time. */
  static Instant parseTimestamp(String text) throws ToolException {
    if (text.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(text));
    }
    try {
      String[] parts = text.split("/");
      if (parts.length == 3 && parts[2].length() == 2) {
        int yy = Integer.parseInt(parts[2]);
        text = parts[0] + "/" + parts[1] + "/" + (yy < 70 ? 2000 + yy : 1900 + yy);
      }
      return LocalDate.parse(text, DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT))
          .atStartOfDay(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ToolException("Invalid timestamp '" + text + "': use dd/mm/yy, dd/mm/yyyy or seconds since 1970",
          ToolException.OPTIONS);
    }
  }
}

package org.jtile.frontend.stats;

/** What the popularity record and its refresh show in the metrics; read on the scraping thread. */
public interface PopularityMetrics {
  PopularityMetrics NONE = new PopularityMetrics() {};

  /** All views counted, decayed. */
  default long views() {
    return 0;
  }

  /** Metatiles known by name as the most viewed. */
  default long topMetatiles() {
    return 0;
  }

  /** Memory the counts take. */
  default long bytes() {
    return 0;
  }

  /** Stale popular metatiles the refresh still has to re-render in its current pass. */
  default long refreshBacklog() {
    return 0;
  }

  /** Metatiles the refresh had re-rendered (renderd answered Done), since start. */
  default long refreshRendered() {
    return 0;
  }
}

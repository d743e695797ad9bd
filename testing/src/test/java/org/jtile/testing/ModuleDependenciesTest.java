package org.jtile.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The daemon is a leaf: only the package and the benchmarks build on {@code jtile-renderd}. The tools and
 * the Mapnik binding need renderd.conf's model ({@code config}) and the renderer contract
 * ({@code render-api}), not the daemon; tests may still run it.
 */
class ModuleDependenciesTest {
  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
  private static final Set<String> MAY_DEPEND_ON_RENDERD = Set.of("packaging", "bench");

  @Test
  void onlyThePackageAndTheBenchmarks_dependOnTheDaemon_outsideTests() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> modules = Files.list(JtileDaemons.checkoutFile("."))) {
      for (Path pom : modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
        String module = pom.getParent().getFileName().toString();
        if (!MAY_DEPEND_ON_RENDERD.contains(module) && dependsOnRenderdOutsideTests(Files.readString(pom))) {
          offenders.add(module);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void aTestScopedDependency_isAllowed_aCompileOneIsNot() {
    String test = "<dependency><artifactId>jtile-renderd</artifactId><scope>test</scope></dependency>";
    String compile = "<dependency><artifactId>jtile-renderd</artifactId></dependency>";
    assertThat(dependsOnRenderdOutsideTests(test)).isFalse();
    assertThat(dependsOnRenderdOutsideTests(compile)).isTrue();
  }

  static boolean dependsOnRenderdOutsideTests(String pom) {
    Matcher m = DEPENDENCY.matcher(pom);
    while (m.find()) {
      String dependency = m.group(1);
      if (dependency.contains("<artifactId>jtile-renderd</artifactId>")
          && !dependency.contains("<scope>test</scope>")) {
        return true;
      }
    }
    return false;
  }
}

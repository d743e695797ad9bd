package org.jtile.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README is the front door: short, and every link in it and in docs/ leads to a file of the checkout. */
class DocsTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Path README = JtileDaemons.checkoutFile("README.md");

  @Test
  void readme_isAtMostTenKilobytes() throws IOException {
    assertThat(Files.size(README)).isLessThanOrEqualTo(10 * 1024);
  }

  @Test
  void everyRelativeLink_inTheReadmeAndDocs_resolvesToAFileOfTheCheckout() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.walk(JtileDaemons.checkoutFile("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    assertThat(pages).as("pages under docs/").hasSizeGreaterThan(5);
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      for (String target : relativeLinks(Files.readString(page))) {
        if (!Files.exists(page.resolveSibling(target).normalize())) {
          broken.add(page.getFileName() + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void relativeLinks_skipWebAddressesAndAnchors_andDropTheAnchorOfAFile() {
    assertThat(relativeLinks("see [a](docs/a.md#part), [b](https://x.org/) and [c](#here) [d](../e/)"))
        .containsExactly("docs/a.md", "../e/");
  }

  /** The file part of every link that names a file of the checkout, not a web address or an anchor. */
  static List<String> relativeLinks(String markdown) {
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(markdown);
    while (m.find()) {
      String target = m.group(1);
      int anchor = target.indexOf('#');
      String file = anchor < 0 ? target : target.substring(0, anchor);
      if (!file.isEmpty() && !file.matches("[a-z]+:.*")) {
        targets.add(file);
      }
    }
    return targets;
  }
}

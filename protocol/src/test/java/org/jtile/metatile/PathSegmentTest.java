package org.jtile.metatile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PathSegmentTest {
  @Test
  void atMost40BytesOfUtf8() {
    assertThat(PathSegment.isValid("a".repeat(40), false)).isTrue();
    assertThat(PathSegment.isValid("a".repeat(41), false)).isFalse();
    // 2, 3 and 4 bytes a code point: the limit is on bytes, as in renderd's request struct
    assertThat(PathSegment.isValid("é".repeat(20), false)).isTrue();
    assertThat(PathSegment.isValid("é".repeat(20) + "a", false)).isFalse();
    assertThat(PathSegment.isValid("€".repeat(13) + "a", false)).isTrue();
    assertThat(PathSegment.isValid("€".repeat(13) + "ab", false)).isFalse();
    String map = "\uD83D\uDDFA"; // U+1F5FA, one code point of 4 bytes
    assertThat(map.getBytes(StandardCharsets.UTF_8)).hasSize(4);
    assertThat(PathSegment.isValid(map.repeat(10), false)).isTrue();
    assertThat(PathSegment.isValid(map.repeat(10) + "a", false)).isFalse();
  }

  @Test
  void noSeparatorsNulOrLeadingDot() {
    assertThat(PathSegment.isValid("osm-bright", false)).isTrue();
    assertThat(PathSegment.isValid("a/b", false)).isFalse();
    assertThat(PathSegment.isValid("a\0", false)).isFalse();
    assertThat(PathSegment.isValid("..", false)).isFalse();
    assertThat(PathSegment.isValid("", true)).isTrue();
    assertThatThrownBy(() -> PathSegment.check("style", "", false))
        .hasMessage("style must be non-empty, at most 40 bytes, without '/', NUL or a leading '.': \"\"");
  }
}

package org.jtile.frontend.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final long SECOND = 1_000_000_000L;

  private static InetAddress ip(String literal) {
    return Cidr.literal(literal);
  }

  private static ThrottleConfig config(List<Cidr> trusted, List<Cidr> allow) {
    return new ThrottleConfig(true, 3, 1.0, 2, 0.5, trusted, allow, 1000, 429);
  }

  @Test
  void tokenBucket_burstThenRefillRate() {
    TokenBucket bucket = new TokenBucket(3, 2.0, 0);
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isZero();
    assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
    assertThat(bucket.take(SECOND / 2)).isZero();
    assertThat(bucket.take(10 * SECOND)).isZero(); // refills to the burst, no more
    assertThat(bucket.take(10 * SECOND)).isZero();
    assertThat(bucket.take(10 * SECOND)).isZero();
    assertThat(bucket.take(10 * SECOND)).isPositive();
  }

  @Test
  void tilesAndRenders_haveSeparateBudgets_perClient() {
    Throttle throttle = new Throttle(config(List.of(), List.of()));
    InetAddress a = ip("192.0.2.1");
    InetAddress b = ip("192.0.2.2");
    assertThat(throttle.render(a, 0)).isZero();
    assertThat(throttle.render(a, 0)).isZero();
    assertThat(throttle.render(a, 0)).isEqualTo(2 * SECOND);
    // out of renders, but cached tiles are still served
    assertThat(throttle.tile(a, 0)).isZero();
    assertThat(throttle.tile(a, 0)).isZero();
    assertThat(throttle.tile(a, 0)).isZero();
    assertThat(throttle.tile(a, 0)).isEqualTo(SECOND);
    assertThat(throttle.tile(b, 0)).isZero();
  }

  @Test
  void state_saysWhatIsLeftOfAClientsBuckets_withoutTakingAny() {
    Throttle throttle = new Throttle(config(List.of(), List.of()));
    InetAddress a = ip("192.0.2.1");
    String key = Throttle.key(a);
    assertThat(throttle.state(key, 0)).isEqualTo("not throttled");
    throttle.render(a, 0);
    assertThat(throttle.state(key, 0)).isEqualTo("tiles 100%, renders 50% left");
    assertThat(throttle.state(key, 0)).as("asking takes nothing").isEqualTo("tiles 100%, renders 50% left");
    assertThat(new Throttle(ThrottleConfig.OFF).state(key, 0)).isEqualTo("throttle off");
  }

  @Test
  void ipv6_isCountedPerSlash64_ipv4PerAddress() {
    assertThat(Throttle.key(ip("2001:db8:1:2::1"))).isEqualTo(Throttle.key(ip("2001:db8:1:2:ffff::9")));
    assertThat(Throttle.key(ip("2001:db8:1:3::1"))).isNotEqualTo(Throttle.key(ip("2001:db8:1:2::1")));
    assertThat(Throttle.key(ip("192.0.2.1"))).isNotEqualTo(Throttle.key(ip("192.0.2.2")));
    assertThat(Throttle.key(ip("2001:db8:1:2::1"))).isEqualTo("2001:db8:1:2::/64");
    assertThat(Throttle.key(ip("192.0.2.1"))).isEqualTo("192.0.2.1");
  }

  @Test
  void allowList_isNeverThrottled_andDisabledThrottlesNobody() {
    Throttle allowed = new Throttle(config(List.of(), List.of(Cidr.parse("10.0.0.0/8"))));
    for (int i = 0; i < 100; i++) {
      assertThat(allowed.tile(ip("10.1.2.3"), 0)).isZero();
    }
    Throttle off = new Throttle(ThrottleConfig.OFF);
    for (int i = 0; i < 10_000; i++) {
      assertThat(off.tile(ip("192.0.2.1"), 0)).isZero();
    }
  }

  @Test
  void forwardedFor_isBelievedOnlyFromTrustedProxies() {
    Throttle throttle = new Throttle(config(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.0.0.0/8")), List.of()));
    InetAddress proxy = ip("127.0.0.1");
    assertThat(throttle.client(proxy, "198.51.100.7")).isEqualTo(ip("198.51.100.7"));
    // the rightmost hop not a proxy: what the client wrote itself on the left is ignored
    assertThat(throttle.client(proxy, "203.0.113.9, 198.51.100.7, 10.0.0.5")).isEqualTo(ip("198.51.100.7"));
    assertThat(throttle.client(ip("198.51.100.50"), "203.0.113.9")).isEqualTo(ip("198.51.100.50"));
    assertThat(throttle.client(proxy, "garbage, example.org")).isEqualTo(proxy);
    assertThat(throttle.client(proxy, null)).isEqualTo(proxy);
  }

  @Test
  void cidr_parsesAndMatches_andRejectsNames() {
    assertThat(Cidr.parse("192.168.0.0/16").contains(ip("192.168.44.1"))).isTrue();
    assertThat(Cidr.parse("192.168.0.0/17").contains(ip("192.168.200.1"))).isFalse();
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("192.168.0.1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
    assertThatThrownBy(() -> Cidr.parse("example.org")).hasMessageContaining("not an IP address block");
    assertThatThrownBy(() -> Cidr.parse("abc")).hasMessageContaining("not an IP address block");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThat(Cidr.literal("1234")).isNull();
  }
}

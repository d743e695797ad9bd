package org.jtile.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class RenderdAddressTest {
  @Test
  void parse_readsTheFormsModTilesToolsAccept() {
    assertThat(RenderdAddress.parse("/run/renderd/renderd.sock"))
        .isEqualTo(UnixDomainSocketAddress.of("/run/renderd/renderd.sock"));
    assertThat(RenderdAddress.parse("tiles.example.org")).isEqualTo(unresolved("tiles.example.org", 7654));
    assertThat(RenderdAddress.parse("127.0.0.1:7655")).isEqualTo(unresolved("127.0.0.1", 7655));
    assertThat(RenderdAddress.parse("[::1]:7655")).isEqualTo(unresolved("::1", 7655));
    assertThat(RenderdAddress.parse(":0")).isEqualTo(unresolved("localhost", 7654));
    // mod_tile reads a path that does not start with / as a host name
    assertThat(RenderdAddress.parse("renderd.sock")).isEqualTo(unresolved("renderd.sock", 7654));
  }

  @Test
  void parse_badPort_namesTheValue() {
    assertThatThrownBy(() -> RenderdAddress.parse("localhost:http")).hasMessage("Invalid socket port: localhost:http");
    assertThatThrownBy(() -> RenderdAddress.parse("localhost:65536"))
        .hasMessage("Invalid socket port: localhost:65536");
  }

  @Test
  void describe_writesTheAddressAsOperatorsDo() {
    for (String written : new String[] {"/run/renderd/renderd.sock", "tiles.example.org:7654", "127.0.0.1:7655",
        "[::1]:7655"}) {
      assertThat(RenderdAddress.describe(RenderdAddress.parse(written))).isEqualTo(written);
    }
  }

  @Test
  void resolved_looksTheHostUp_andNamesOneThatIsNotThere() throws Exception {
    assertThat(RenderdAddress.resolved(RenderdAddress.parse("127.0.0.1:7655")))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 7655));
    // .invalid never resolves (RFC 6761)
    assertThatThrownBy(() -> RenderdAddress.resolved(RenderdAddress.parse("renderd.invalid:7654")))
        .isInstanceOf(UnknownHostException.class).hasMessage("unknown host renderd.invalid");
    assertThatThrownBy(() -> RenderdAddress.resolved(RenderdAddress.parse("run/renderd.sock")))
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("unknown host run/renderd.sock (a Unix socket is named by its absolute path, starting with /)");
  }

  private static InetSocketAddress unresolved(String host, int port) {
    return InetSocketAddress.createUnresolved(host, port);
  }
}

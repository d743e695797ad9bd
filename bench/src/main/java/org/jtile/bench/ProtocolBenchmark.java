package org.jtile.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jtile.protocol.Command;
import org.jtile.protocol.MessageCodec;
import org.jtile.protocol.ProtocolException;
import org.jtile.protocol.ProtocolVersion;
import org.jtile.protocol.RenderMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding and encoding renderd requests, as the daemon does for every message.
 *
 * <p>Run: {@code bench/jmh.sh ProtocolBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProtocolBenchmark {
  @Param({"V2", "V3"})
  public ProtocolVersion version;

  private ByteBuffer wire;
  private RenderMessage message;
  private final ByteBuffer out = ByteBuffer.allocate(ProtocolVersion.MAX_LENGTH);

  @Setup
  public void setUp() {
    message =
        new RenderMessage(version, Command.RENDER_BULK, 297, 191, 9, "default", "image/png",
            version == ProtocolVersion.V3 ? "en,de,_" : "");
    wire = ByteBuffer.wrap(MessageCodec.encode(message));
  }

  @Benchmark
  public RenderMessage decode() throws ProtocolException {
    wire.rewind();
    return MessageCodec.decode(wire);
  }

  @Benchmark
  public ByteBuffer encode() {
    out.clear();
    MessageCodec.encode(message, out);
    return out;
  }
}

package org.jtile.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * S3Proxy (an S3-compatible server from Maven Central, copied into the build by the store module) run as
 * a process of its own on 127.0.0.1, keeping objects in memory, with signed requests required.
 */
public final class S3Proxy implements AutoCloseable {
  public static final String IDENTITY = "local-identity";
  public static final String CREDENTIAL = "local-credential";

  private final ExternalProcess process;
  private final int port;

  private S3Proxy(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static S3Proxy start(Path dir) {
    String jar = System.getProperty("jtile.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("no S3Proxy jar at " + jar + " (-Djtile.s3proxy.jar, set by the store module)");
    }
    int port = Ports.free();
    Path conf = dir.resolve("s3proxy-" + port + ".conf");
    try {
      Files.writeString(conf, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:" + port,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + IDENTITY,
          "s3proxy.credential=" + CREDENTIAL,
          "jclouds.provider=transient",
          "jclouds.identity=" + IDENTITY,
          "jclouds.credential=" + CREDENTIAL, ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    ExternalProcess process = ExternalProcess.start("s3proxy-" + port, dir,
        List.of(java, "-Xmx256m", "-jar", jar, "--properties", conf.toString()));
    process.awaitReady(() -> Ports.listening(port), Duration.ofSeconds(60));
    return new S3Proxy(process, port);
  }


  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The storage string for {@code bucket}/{@code prefix} on this server. */
  public String storage(String bucket, String prefix) {
    return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&path_style=true&access_key=" + IDENTITY
        + "&secret_key=" + CREDENTIAL;
  }

  /** Stops it at once: an outage. */
  public void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}

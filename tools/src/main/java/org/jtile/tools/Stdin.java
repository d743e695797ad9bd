package org.jtile.tools;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;

/**
 * The tools' standard input, which Ctrl-C ends: after {@link #stop} reads see the end of the input, also a
 * read already blocked on a terminal or on a pipe whose writer is still going (System.in would hold the
 * run until the next line came). It reads through a FileChannel because the JDK wakes a thread blocked
 * in a channel's read when another thread closes the channel.
 */
final class Stdin extends InputStream {
  private final FileInputStream file = new FileInputStream(FileDescriptor.in);
  private final FileChannel channel = file.getChannel();
  private volatile boolean stopped;

  /**
   * Bytes left to read when the input is a file, for the progress bar's share and ETA; 0 when not known (a
   * pipe, a terminal).
   */
  long size() {
    try {
      return Math.max(0, channel.size() - channel.position());
    } catch (IOException e) {
      return 0; // a pipe or a terminal cannot tell its position
    }
  }

  /**
   * Bytes a read returns without waiting (a pipe's or a terminal's count, what is left of a file): 0 is
   * when the readers hand over the metatiles they have gathered, before they wait for more input.
   */
  @Override
  public int available() throws IOException {
    try {
      return stopped ? 0 : file.available();
    } catch (IOException e) {
      if (stopped) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (stopped) {
      return -1;
    }
    try {
      return channel.read(ByteBuffer.wrap(b, off, len));
    } catch (ClosedChannelException e) {
      if (stopped) {
        return -1;
      }
      throw e;
    }
  }

  /** Ends the input, from any thread: a blocked read returns the end at once. */
  void stop() {
    stopped = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // the input is over either way
    }
  }
}

package org.jtile.mapnik;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rendered RGBA image on the C++ heap, shared by the encoders of one metatile. Reference counted so
 * that it is freed by its last user: an encoder still running after its render gave up (timeout,
 * interrupt) can never read freed memory.
 */
final class NativeImage {
  private final long handle;
  /** 1 for the render thread plus 1 per encoder at work; the image is freed when it reaches 0. */
  private final AtomicInteger users = new AtomicInteger(1);

  NativeImage(long handle) {
    this.handle = handle;
  }

  /** Takes a reference; false if the image is already freed. */
  boolean retain() {
    for (int n = users.get(); n > 0; n = users.get()) {
      if (users.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  void release() {
    if (users.decrementAndGet() == 0) {
      MapnikNative.freeImage(handle);
    }
  }

  /** Encodes one tile; the caller holds a reference. */
  byte[] encode(int x, int y, int size, String format) {
    return MapnikNative.encode(handle, x, y, size, format);
  }
}

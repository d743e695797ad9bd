package org.jtile.frontend.throttle;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled at {@code perSecond}; a request takes
 * one. Time is passed in, so the decision is a pure function of the bucket and {@code now}.
 * Thread-safe: each bucket guards its own state.
 */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  /** Guarded by this. */
  private double tokens;
  /** Guarded by this. */
  private long refilledAt;

  TokenBucket(double capacity, double perSecond, long nowNanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes a token: 0 if granted, else how many nanoseconds until one is there. */
  synchronized long take(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return perNano <= 0 ? Long.MAX_VALUE : (long) Math.ceil((1 - tokens) / perNano);
  }

  /** The share of the bucket left now, 0 to 1, taking nothing. */
  synchronized double left(long nowNanos) {
    refill(nowNanos);
    return tokens / capacity;
  }

  private void refill(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
    refilledAt = nowNanos;
  }
}

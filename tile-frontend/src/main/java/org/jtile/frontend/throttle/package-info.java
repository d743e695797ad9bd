/**
 * Per-client token buckets for tiles and renders, answered with 429 + Retry-After; who a client is (IPv4
 * address, IPv6 /64, X-Forwarded-For from trusted proxies only).
 */
package org.jtile.frontend.throttle;

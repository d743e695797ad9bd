/**
 * Test fixtures every module shares: the real peers (Debian's renderd and tools, memcached, S3Proxy), the
 * example map, jtile's own daemons as processes, and load drivers.
 */
package org.jtile.testing;

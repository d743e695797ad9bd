/**
 * What clients and proxies are told about caching: mod_tile's Cache-Control/Expires rules, and the
 * tile's state (fresh, old, very old, missing) those rules and the render decision start from.
 */
package org.jtile.frontend.cachecontrol;

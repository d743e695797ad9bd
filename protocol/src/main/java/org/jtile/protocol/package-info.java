/**
 * renderd's wire protocol, byte for byte: the v1–v3 request structs ({@link
 * org.jtile.protocol.RenderMessage}, {@link org.jtile.protocol.MessageCodec}), the commands with jtile's
 * two extensions, and renderd's address as operators write it.
 */
package org.jtile.protocol;

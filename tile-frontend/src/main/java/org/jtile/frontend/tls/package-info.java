/**
 * HTTPS: the server's key and certificate chain, read from the files operators have (PEM or PKCS12),
 * checked before use so a bad file is one clear line at start-up or on reload, never a failed handshake
 * later.
 */
package org.jtile.frontend.tls;

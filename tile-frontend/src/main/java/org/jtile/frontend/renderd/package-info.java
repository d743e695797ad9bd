/**
 * Asking renderd for tiles: the asynchronous client, when to ask and at which priority, and the renders
 * waited for in all and per client (fair share).
 */
package org.jtile.frontend.renderd;

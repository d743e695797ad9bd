/**
 * The HTTP side: mod_tile's URL grammar, the tile state machine and its responses (200, 304, 404, 429),
 * /status, /dirty, TileJSON, CORS, the stats pages and the demo page.
 */
package org.jtile.frontend.http;

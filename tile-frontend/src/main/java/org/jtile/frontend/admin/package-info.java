/**
 * The operations page's figures: what the frontend records as it serves (where people look, who asks
 * most), the samples taken of both daemons, and renderd's metrics as its endpoint gives them. Served by
 * {@code http.AdminHandler}.
 */
package org.jtile.frontend.admin;

/** The in-memory cache of tiles served often, revalidated against the store at an interval. */
package org.jtile.frontend.hottiles;

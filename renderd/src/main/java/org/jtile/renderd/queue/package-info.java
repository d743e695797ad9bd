/**
 * The render queue: five classes in mod_tile's order, one job per metatile however many ask (every waiter
 * is answered), a share for lower classes, and fair share between clients by their recent demand.
 */
package org.jtile.renderd.queue;

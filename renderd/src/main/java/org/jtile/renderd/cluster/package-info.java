/**
 * A render farm: several renderd hosts sharing one queue on Redis ({@link
 * org.jtile.renderd.cluster.SharedQueue}), each still answering its own clients from its own queue ({@link
 * org.jtile.renderd.cluster.ClusterQueue}), with leases so a dead host's jobs move to the others.
 */
package org.jtile.renderd.cluster;

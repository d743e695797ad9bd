/**
 * {@code s3://}: one object per metatile on AWS or any S3-compatible server; stat is a HEAD, expiry a
 * server-side copy.
 */
package org.jtile.store.s3;

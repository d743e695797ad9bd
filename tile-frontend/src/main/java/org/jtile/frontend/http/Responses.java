package org.jtile.frontend.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpDateTime;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The response pieces the frontend's handlers share: bodies, validators, conditional requests. */
final class Responses {
  private Responses() {}

  /** 200 with {@code body}, or only its headers for HEAD; no Content-Type or Content-Length may be set yet. */
  static void ok(Request request, Response response, Callback callback, String type, byte[] body) {
    ok(request, response, callback, new HttpField(HttpHeader.CONTENT_TYPE, type), body);
  }

  /** {@link #ok} with a Content-Type field, which may be pre-encoded. */
  static void ok(Request request, Response response, Callback callback, HttpField type, byte[] body) {
    response.getHeaders().add(type);
    response.getHeaders().add(HttpHeader.CONTENT_LENGTH, body.length);
    response.setStatus(HttpStatus.OK_200);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }

  /** 200 with a short, uncacheable text. */
  static void text(Response response, Callback callback, String text) {
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** mod_tile's validator: the quoted lower-case MD5 of the bytes. */
  static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /**
   * The host and port the client asked for: HTTP/1.1's Host header or HTTP/2's :authority, which has no
   * Host header; null when the client named none.
   */
  static String authority(Request request) {
    String authority = request.getHttpURI().getAuthority();
    return authority == null || authority.isEmpty() ? request.getHeaders().get(HttpHeader.HOST) : authority;
  }

  /** True if the request's validators say the client has this version (If-None-Match wins). */
  static boolean notModified(Request request, String etag, Instant modified) {
    String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2)
      return ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag);
    }
    if (modified == null) {
      return false;
    }
    String ifModifiedSince = request.getHeaders().get(HttpHeader.IF_MODIFIED_SINCE);
    if (ifModifiedSince == null) {
      return false;
    }
    try {
      return modified.getEpochSecond() <= HttpDateTime.parse(ifModifiedSince).toEpochSecond();
    } catch (RuntimeException unparseable) {
      // a date that is not one is ignored (RFC 9110 §13.1.3)
      return false;
    }
  }

  /** 304 with the headers already set. */
  static void notModified(Response response, Callback callback) {
    response.setStatus(HttpStatus.NOT_MODIFIED_304);
    callback.succeeded();
  }
}

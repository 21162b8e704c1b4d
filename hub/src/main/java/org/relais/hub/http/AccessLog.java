package org.relais.hub.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One line per request, handed to an {@link AccessLogWriter}. Join and manage tokens travel in paths, and a
 * client may spell a path many ways that reach the same route ({@code /api/v1%2Fjoin/…}, {@code /J/…},
 * {@code //j/…}, {@code /j;x/…}, dot segments): the path is decoded and normalised first, then the segment after
 * a token-bearing one ({@code j}, {@code join}, {@code r}, {@code manage}, {@code ticket(s)}, {@code reset}) and
 * any segment that looks like a token are masked. Query strings are never written.
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Set<String> BEFORE_TOKEN = Set.of("j", "join", "r", "manage", "ticket", "tickets",
      "reset");
  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}",
      Pattern.CASE_INSENSITIVE);
  /** Join tokens are JWTs and manage tokens long base64url strings; no name or id of ours is this long. */
  private static final int TOKEN_LIKE_LENGTH = 40;
  private static final int DECODING_ROUNDS = 3;
  private static final String MASK = "***";

  private final ClientAddress clientAddress;
  private final AccessLogWriter writer;

  public AccessLog(ClientAddress clientAddress, AccessLogWriter writer) {
    this.clientAddress = clientAddress;
    this.writer = writer;
  }

  /** The decoded, normalised path with its tokens masked, in printable ASCII (control characters stay escaped). */
  public static String maskedPath(String path) {
    if (path == null) {
      return "";
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : decoded(path).replace('\\', '/').split("/")) {
      String name = withoutParameters(segment);
      if (name.equals("..")) {
        segments.pollLast();
      } else if (!name.isEmpty() && !name.equals(".")) {
        segments.addLast(segment);
      }
    }
    StringBuilder masked = new StringBuilder();
    String previous = "";
    for (String segment : segments) {
      boolean token = BEFORE_TOKEN.contains(previous) || looksLikeToken(segment);
      masked.append('/').append(token ? MASK : printable(segment));
      previous = withoutParameters(segment).toLowerCase(Locale.ROOT);
    }
    return masked.isEmpty() ? "/" : masked.toString();
  }

  private static String decoded(String path) {
    String current = path;
    for (int round = 0; round < DECODING_ROUNDS && current.indexOf('%') >= 0; round++) {
      current = percentDecoded(current);
    }
    return current;
  }

  /** Decodes every well-formed %XX as UTF-8 and leaves anything else as it is. */
  private static String percentDecoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      int high = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
      int low = high < 0 ? -1 : Character.digit(raw[i + 2], 16);
      if (low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** A path segment's name without its {@code ;parameters}. */
  private static String withoutParameters(String segment) {
    int semicolon = segment.indexOf(';');
    return semicolon < 0 ? segment : segment.substring(0, semicolon);
  }

  private static boolean looksLikeToken(String segment) {
    return segment.length() >= TOKEN_LIKE_LENGTH && !UUID.matcher(segment).matches();
  }

  /** Against forged log lines: anything but printable ASCII is written percent-encoded. */
  private static String printable(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      if (b > 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addBodyEndHandler(v -> writer.write(clientAddress.of(ctx)
        + " " + ctx.request().method()
        + " " + maskedPath(ctx.request().path()) + (ctx.request().query() == null ? "" : "?…")
        + " " + ctx.response().getStatusCode()
        + " " + ctx.response().bytesWritten() + "B"
        + " " + (System.nanoTime() - started) / 1_000_000 + "ms"));
    ctx.next();
  }
}

package org.relais.hub.broadcast.rtmp;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP client, from handshake to the end of its publishing. Runs on the socket's event loop: every
 * method is called there, so the state needs no lock.
 */
final class RtmpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
  private static final int HANDSHAKE_SIZE = 1536;
  private static final int RTMP_VERSION = 3;
  private static final int OUR_CHUNK_SIZE = 4096;
  private static final long WINDOW = 5_000_000;
  private static final double STREAM_ID = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  enum State { C0_C1, C2, CONNECT, CONNECTED, RESOLVING, PUBLISHING, UNPUBLISHED, CLOSED }

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final RtmpConfig config;
  private final Function<String, Future<FlvSink>> streams;
  private final Runnable onClose;
  private final ChunkDecoder decoder;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ArrayDeque<FlvTag> queue = new ArrayDeque<>();
  private final ArrayDeque<RtmpMessage> early = new ArrayDeque<>();
  private final long timer;
  private State state = State.C0_C1;
  private Buffer handshake = Buffer.buffer();
  private long received;
  private long acknowledged;
  private long peerWindow;
  private long earlyBytes;
  private FlvStream stream;
  private FlvSink sink;
  private boolean writing;
  private boolean ending;

  RtmpConnection(Vertx vertx, NetSocket socket, RtmpConfig config, Function<String, Future<FlvSink>> streams,
      Runnable onClose) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.socket = socket;
    this.config = config;
    this.streams = streams;
    this.onClose = onClose;
    this.decoder = new ChunkDecoder(config.maxChunkSize(), config.maxMessageLength(), this::message);
    this.timer = vertx.setTimer(config.handshakeTimeout().toMillis(), id -> {
      if (state.compareTo(State.PUBLISHING) < 0) {
        fail("not publishing after " + config.handshakeTimeout());
      }
    });
    socket.handler(this::bytes);
    socket.exceptionHandler(e -> LOG.debug("RTMP connection from {}: {}", socket.remoteAddress(), e.toString()));
    // The socket may close while it is paused with bytes still to read: the end handler comes after them.
    socket.endHandler(v -> endSink());
    socket.closeHandler(v -> closed());
  }

  State state() {
    return state;
  }

  void close() {
    socket.close();
  }

  private void bytes(Buffer bytes) {
    if (state == State.CLOSED) {
      return;
    }
    received += bytes.length();
    try {
      if (state == State.C0_C1 || state == State.C2) {
        bytes = handshake(bytes);
        if (bytes == null) {
          return;
        }
      }
      decoder.feed(bytes);
      acknowledge();
    } catch (RtmpProtocolException e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("RTMP connection from {} closed on an unexpected failure", socket.remoteAddress(), e);
      fail(e.toString());
    }
  }

  /** Consumes handshake bytes; returns what follows the handshake, or null while it is not done. */
  private Buffer handshake(Buffer bytes) {
    handshake.appendBuffer(bytes);
    if (state == State.C0_C1) {
      if (handshake.length() < 1 + HANDSHAKE_SIZE) {
        return null;
      }
      if (handshake.getUnsignedByte(0) != RTMP_VERSION) {
        throw new RtmpProtocolException("not RTMP (version byte " + handshake.getUnsignedByte(0) + ")");
      }
      // Simple handshake: S1 with a zero version, so clients skip the digest scheme; S2 echoes C1.
      byte[] random = new byte[HANDSHAKE_SIZE - 8];
      RANDOM.nextBytes(random);
      Buffer reply = Buffer.buffer(1 + 2 * HANDSHAKE_SIZE)
          .appendByte((byte) RTMP_VERSION)
          .appendInt((int) (System.currentTimeMillis() / 1000)).appendInt(0).appendBytes(random)
          .appendBuffer(handshake, 1, HANDSHAKE_SIZE);
      socket.write(reply);
      handshake = handshake.getBuffer(1 + HANDSHAKE_SIZE, handshake.length());
      state = State.C2;
    }
    if (handshake.length() < HANDSHAKE_SIZE) {
      return null;
    }
    // C2 should echo S1; clients vary in what they put there and nothing depends on it, so it is not checked.
    Buffer rest = handshake.getBuffer(HANDSHAKE_SIZE, handshake.length());
    handshake = null;
    state = State.CONNECT;
    return rest;
  }

  private void acknowledge() {
    if (peerWindow > 0 && received - acknowledged >= peerWindow) {
      acknowledged = received;
      send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.ACKNOWLEDGEMENT,
          Buffer.buffer(4).appendUnsignedInt(received & 0xFFFFFFFFL)));
    }
  }

  private void message(RtmpMessage message) {
    switch (message.type()) {
      case RtmpMessage.WINDOW_ACK_SIZE -> {
        if (message.payload().length() >= 4) {
          peerWindow = message.payload().getUnsignedInt(0);
        }
      }
      case RtmpMessage.USER_CONTROL -> userControl(message.payload());
      case RtmpMessage.COMMAND_AMF0 -> command(message, message.payload());
      case RtmpMessage.COMMAND_AMF3 -> {
        // An AMF3 command message is AMF0 after one format byte.
        if (message.payload().length() > 0) {
          command(message, message.payload().getBuffer(1, message.payload().length()));
        }
      }
      case RtmpMessage.AUDIO, RtmpMessage.VIDEO, RtmpMessage.DATA_AMF0 -> media(message);
      default -> {
        // Acknowledgements, bandwidth hints, AMF3 data, shared objects, aggregates: nothing we need.
      }
    }
  }

  private void userControl(Buffer payload) {
    // Ping request (6) -> ping response (7) with its timestamp, so a client that checks liveness keeps us.
    if (payload.length() >= 6 && payload.getUnsignedShort(0) == 6) {
      send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.USER_CONTROL,
          Buffer.buffer(6).appendUnsignedShort(7).appendBuffer(payload, 2, 4)));
    }
  }

  private void command(RtmpMessage message, Buffer payload) {
    List<Object> values = Amf0.decodeAll(payload);
    if (values.size() < 2 || !(values.get(0) instanceof String name) || !(values.get(1) instanceof Double txn)) {
      throw new RtmpProtocolException("command without a name and transaction id");
    }
    switch (name) {
      case "connect" -> connect(txn, values.size() > 2 ? values.get(2) : null);
      case "releaseStream", "FCPublish" -> {
        requireConnected(name);
        result(txn, Amf0.UNDEFINED);
      }
      case "createStream" -> {
        requireConnected(name);
        result(txn, STREAM_ID);
      }
      case "publish" -> publish(message.streamId(), values.size() > 3 ? values.get(3) : null);
      case "FCUnpublish", "deleteStream", "closeStream" -> unpublish();
      case "play", "play2", "receiveAudio", "receiveVideo" -> throw new RtmpProtocolException("this server only receives");
      default -> {
        // _checkbw, getStreamLength and the like: a client does without the answer.
      }
    }
  }

  private void requireConnected(String command) {
    if (state.compareTo(State.CONNECTED) < 0) {
      throw new RtmpProtocolException(command + " before connect");
    }
  }

  private void connect(double txn, Object commandObject) {
    if (state != State.CONNECT) {
      throw new RtmpProtocolException("second connect");
    }
    Object app = commandObject instanceof Map<?, ?> properties ? properties.get("app") : null;
    if (!(app instanceof String name) || !RtmpServer.APP.equals(appName(name))) {
      send(ChunkEncoder.COMMAND_CHUNK_STREAM, command(0, "_error", txn, null,
          status("error", "NetConnection.Connect.Rejected", "Unknown application.")));
      throw new RtmpProtocolException("connect to an unknown application");
    }
    Buffer window = Buffer.buffer(4).appendUnsignedInt(WINDOW);
    send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.WINDOW_ACK_SIZE, window));
    send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.SET_PEER_BANDWIDTH,
        window.copy().appendByte((byte) 2)));
    send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.SET_CHUNK_SIZE,
        Buffer.buffer(4).appendInt(OUR_CHUNK_SIZE)));
    encoder.chunkSize(OUR_CHUNK_SIZE);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("fmsVer", "FMS/3,0,1,123");
    server.put("capabilities", 31.0);
    Map<String, Object> info = status("status", "NetConnection.Connect.Success", "Connection succeeded.");
    info.put("objectEncoding", 0.0);
    send(ChunkEncoder.COMMAND_CHUNK_STREAM, command(0, "_result", txn, server, info));
    state = State.CONNECTED;
  }

  /** "live", "live/", "live?x=y" all name the application "live". */
  private static String appName(String app) {
    int query = app.indexOf('?');
    String name = query < 0 ? app : app.substring(0, query);
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private void publish(long streamId, Object name) {
    if (state != State.CONNECTED) {
      throw new RtmpProtocolException("publish in state " + state);
    }
    String key = name instanceof String given ? stripQuery(given) : "";
    state = State.RESOLVING;
    Future<FlvSink> resolved;
    try {
      resolved = key.isEmpty() ? Future.failedFuture("no key") : streams.apply(key);
    } catch (RuntimeException e) {
      resolved = Future.failedFuture(e);
    }
    onLoop(resolved, result -> {
      if (state != State.RESOLVING) {
        if (result.succeeded()) {
          result.result().end();
        }
        return;
      }
      if (result.failed()) {
        refuse(streamId);
      } else {
        start(streamId, result.result(), key);
      }
    });
  }

  private static String stripQuery(String name) {
    int query = name.indexOf('?');
    return query < 0 ? name : name.substring(0, query);
  }

  private void refuse(long streamId) {
    LOG.info("RTMP publish from {} refused: unknown stream key", socket.remoteAddress());
    state = State.UNPUBLISHED;
    early.clear();
    RtmpMessage status = command(streamId, "onStatus", 0, null,
        status("error", "NetStream.Publish.BadName", "Unknown stream key."));
    socket.write(encoder.encode(ChunkEncoder.COMMAND_CHUNK_STREAM, status)).onComplete(v -> socket.close());
  }

  private void start(long streamId, FlvSink accepted, String key) {
    vertx.cancelTimer(timer);
    sink = accepted;
    stream = new FlvStream(key, socket.remoteAddress());
    sink.open(stream);
    state = State.PUBLISHING;
    LOG.info("RTMP publisher {} on air", socket.remoteAddress());
    send(ChunkEncoder.CONTROL_CHUNK_STREAM, control(RtmpMessage.USER_CONTROL,
        Buffer.buffer(6).appendUnsignedShort(0).appendUnsignedInt(streamId)));
    send(ChunkEncoder.COMMAND_CHUNK_STREAM, command(streamId, "onStatus", 0, null,
        status("status", "NetStream.Publish.Start", "Publishing.")));
    while (!early.isEmpty()) {
      stream.accept(early.poll(), queue::add);
    }
    earlyBytes = 0;
    pump();
  }

  private void media(RtmpMessage message) {
    if (state == State.RESOLVING) {
      // Clients wait for Publish.Start before sending media, but nothing forbids sending it at once.
      earlyBytes += message.payload().length();
      if (earlyBytes > config.maxMessageLength()) {
        throw new RtmpProtocolException("too much media before publishing was accepted");
      }
      early.add(message);
    } else if (state == State.PUBLISHING) {
      stream.accept(message, queue::add);
      pump();
    }
  }

  /**
   * Hands queued tags to the sink one at a time, holding the publisher back while the sink is busy; once
   * the publisher has stopped, ends the sink after the last tag received.
   */
  private void pump() {
    while (sink != null && !writing && !queue.isEmpty()) {
      Future<Void> written;
      try {
        written = sink.write(queue.poll());
      } catch (RuntimeException e) {
        written = Future.failedFuture(e);
      }
      if (written.isComplete() && written.succeeded()) {
        continue;
      }
      writing = true;
      socket.pause();
      onLoop(written, result -> {
        writing = false;
        if (result.failed()) {
          LOG.info("RTMP publisher {}: the stream's consumer failed, disconnecting: {}", socket.remoteAddress(),
              result.cause().toString());
          queue.clear();
          ending = true;
          socket.close();
        } else if (state != State.CLOSED) {
          socket.resume();
        }
        pump();
      });
    }
    if (sink != null && ending && !writing && queue.isEmpty()) {
      FlvSink ending = sink;
      sink = null;
      LOG.info("RTMP publisher {} stopped", socket.remoteAddress());
      ending.end();
    }
  }

  private void unpublish() {
    if (state == State.PUBLISHING || state == State.RESOLVING) {
      state = State.UNPUBLISHED;
      endSink();
    }
  }

  /** Ends the sink once what was received is handed on. */
  private void endSink() {
    ending = true;
    pump();
  }

  private void fail(String reason) {
    LOG.debug("RTMP connection from {} closed: {}", socket.remoteAddress(), reason);
    // Bytes already read may still come in before the socket is closed: nothing more is read from them.
    state = State.CLOSED;
    endSink();
    socket.close();
  }

  private void closed() {
    vertx.cancelTimer(timer);
    early.clear();
    if (!writing) {
      endSink();
    }
    onClose.run();
  }

  /** Runs {@code then} on this connection's event loop, whichever context completes {@code future}. */
  private <T> void onLoop(Future<T> future, Handler<AsyncResult<T>> then) {
    future.onComplete(result -> {
      if (Vertx.currentContext() == context) {
        then.handle(result);
      } else {
        context.runOnContext(v -> then.handle(result));
      }
    });
  }

  private void send(int chunkStream, RtmpMessage message) {
    socket.write(encoder.encode(chunkStream, message));
  }

  private static RtmpMessage control(int type, Buffer payload) {
    return new RtmpMessage(type, 0, 0, payload);
  }

  private static RtmpMessage command(long streamId, String name, double txn, Object... args) {
    Object[] values = new Object[args.length + 2];
    values[0] = name;
    values[1] = txn;
    System.arraycopy(args, 0, values, 2, args.length);
    return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0.encode(values));
  }

  private void result(double txn, Object value) {
    send(ChunkEncoder.COMMAND_CHUNK_STREAM, command(0, "_result", txn, null, value));
  }

  private static Map<String, Object> status(String level, String code, String description) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("level", level);
    status.put("code", code);
    status.put("description", description);
    return status;
  }
}

package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RTMP ingest fed by a real ffmpeg pushing its test source, and by clients that misbehave. */
class RtmpServerTest {
  private static final String KEY = "k3y-For-This-Sitting";

  @TempDir
  Path dir;
  private Vertx vertx;
  private RtmpServer server;
  private int port;
  private final AtomicInteger opened = new AtomicInteger();
  private final CompletableFuture<Recorded> recorded = new CompletableFuture<>();

  /** What a sink received: every tag in order, and the stream whose header it could restart from. */
  record Recorded(List<FlvTag> tags, FlvStream stream) {
    Buffer bytes() {
      Buffer all = Buffer.buffer();
      tags.forEach(tag -> all.appendBuffer(tag.bytes()));
      return all;
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    startServer(RtmpConfig.of("127.0.0.1", 0));
  }

  private void startServer(RtmpConfig config) {
    server = new RtmpServer(vertx, config, key -> {
      if (!KEY.equals(key)) {
        return Future.failedFuture("unknown key");
      }
      opened.incrementAndGet();
      return Future.succeededFuture(new FlvSink() {
        private final List<FlvTag> tags = new ArrayList<>();
        private FlvStream stream;

        @Override
        public void open(FlvStream opened) {
          stream = opened;
        }

        @Override
        public Future<Void> write(FlvTag tag) {
          tags.add(tag);
          // Every tenth write completes later, as a pipe to a busy ffmpeg would.
          if (tags.size() % 10 == 0) {
            return vertx.timer(1).mapEmpty();
          }
          return Future.succeededFuture();
        }

        @Override
        public void end() {
          recorded.complete(new Recorded(tags, stream));
        }
      });
    });
    port = server.start().await();
  }

  @AfterEach
  void stop() {
    server.stop().await();
    vertx.close().await();
  }

  @Test
  void anFfmpegPushWithTheKeyArrivesAsAnFlvStreamWithBothTracks() throws Exception {
    Process ffmpeg = push(KEY);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ffmpeg.exitValue()).as(Files.readString(dir.resolve("ffmpeg.log"))).isZero();
    Recorded got = recorded.get(10, TimeUnit.SECONDS);
    assertThat(opened).hasValue(1);
    assertThat(got.tags().get(0).kind()).isEqualTo(FlvTag.Kind.FILE_HEADER);
    assertThat(got.tags()).filteredOn(FlvTag::keyframe).hasSizeBetween(3, 6);

    JsonObject probe = probe(got.bytes());
    assertThat(codecTypes(probe)).containsExactlyInAnyOrder("video", "audio");
    assertThat(probe.getJsonObject("format").getString("duration")).isNotNull();
    assertThat(Double.parseDouble(probe.getJsonObject("format").getString("duration"))).isBetween(3.5, 4.5);
    assertThat(decodedFrames(got.bytes())).isBetween(95, 105);
  }

  @Test
  void aConsumerThatRestartsDecodesFromTheHeaderAndTheNextKeyframe() throws Exception {
    Process ffmpeg = push(KEY);
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Recorded got = recorded.get(10, TimeUnit.SECONDS);
    List<FlvTag> tags = got.tags();
    int resume = 0;
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i).keyframe() && tags.get(i).timestamp() >= 2000) {
        resume = i;
        break;
      }
    }
    assertThat(resume).isPositive();
    Buffer restarted = got.stream().header();
    tags.subList(resume, tags.size()).stream().filter(tag -> !tag.config())
        .forEach(tag -> restarted.appendBuffer(tag.bytes()));

    JsonObject probe = probe(restarted);
    assertThat(codecTypes(probe)).containsExactlyInAnyOrder("video", "audio");
    assertThat(decodedFrames(restarted)).isBetween(45, 55);
  }

  @Test
  void aHighBitRateStreamSentAsFastAsPossibleArrivesWhole() throws Exception {
    Path source = dir.resolve("source.flv");
    Process encode = new ProcessBuilder("/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440",
        "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "12M", "-g", "60", "-c:a", "aac", "-t", "6",
        "-f", "flv", source.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("encode.log").toFile())
        .start();
    assertThat(encode.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(encode.exitValue()).isZero();
    long sourceBytes = Files.size(source);

    long before = System.nanoTime();
    Process ffmpeg = new ProcessBuilder("/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
        "-i", source.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/" + KEY)
        .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Recorded got = recorded.get(10, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - before) / 1e9;
    assertThat(ffmpeg.exitValue()).as(Files.readString(dir.resolve("ffmpeg.log"))).isZero();

    long largest = got.tags().stream().mapToLong(tag -> tag.bytes().length()).max().orElseThrow();
    System.out.printf("RTMP ingest: %.1f MB in %.2f s (%.1f MB/s), largest tag %d bytes%n",
        got.bytes().length() / 1e6, seconds, got.bytes().length() / 1e6 / seconds, largest);
    assertThat(largest).isGreaterThan(64 * 1024);
    assertThat((long) got.bytes().length()).isBetween(sourceBytes * 9 / 10, sourceBytes * 11 / 10);
    assertThat(decodedFrames(got.bytes())).isEqualTo(180);
  }

  @Test
  void aWrongKeyIsRefusedBeforeAnythingIsOpened() throws Exception {
    Process ffmpeg = push("not-the-key");
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ffmpeg.exitValue()).isNotZero();
    assertThat(Files.readString(dir.resolve("ffmpeg.log"))).contains("Server error: Unknown stream key.");
    assertThat(opened).hasValue(0);
    assertThat(recorded).isNotDone();
  }

  @Test
  void garbageInsteadOfAHandshakeIsDisconnected() {
    byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
    ClientRun run = client(socket -> socket.write(Buffer.buffer(garbage)));
    run.closed().await();
    assertThat(run.received().length()).isZero();
    stillServes();
  }

  @Test
  void aMessageLongerThanTheLimitIsDisconnected() {
    ClientRun run = client(socket -> {
      socket.write(c0c1());
      // After the handshake: a full header declaring a 100 MB video message on chunk stream 4.
      socket.write(c2().appendByte((byte) 0x04).appendMedium(0).appendMedium(100_000_000)
          .appendByte((byte) 9).appendIntLE(1).appendBytes(new byte[128]));
    });
    run.closed().await();
    assertThat(run.received().length()).isEqualTo(1 + 2 * 1536);
    stillServes();
  }

  @Test
  void aChunkSizeOverTheLimitIsDisconnected() {
    ClientRun run = client(socket -> {
      socket.write(c0c1());
      socket.write(c2().appendByte((byte) 0x02).appendMedium(0).appendMedium(4).appendByte((byte) 1)
          .appendIntLE(0).appendInt(0x7FFFFFFF));
    });
    run.closed().await();
    stillServes();
  }

  @Test
  void aClientThatNeverFinishesItsHandshakeIsDisconnected() {
    server.stop().await();
    startServer(new RtmpConfig("127.0.0.1", 0, Duration.ofMillis(300), Duration.ofSeconds(30), 65536, 1 << 20, 4, 4));
    long before = System.nanoTime();
    ClientRun run = client(socket -> socket.write(Buffer.buffer(new byte[] {3, 0, 0})));
    run.closed().await();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void oneAddressCannotTakeEveryConnection() {
    server.stop().await();
    startServer(new RtmpConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(30), 65536, 1 << 20, 8, 2));
    ClientRun first = client(socket -> socket.write(c0c1()));
    ClientRun second = client(socket -> socket.write(c0c1()));
    first.handshakeAnswered().await();
    second.handshakeAnswered().await();

    ClientRun third = client(socket -> socket.write(c0c1()));
    third.closed().await();
    assertThat(third.received().length()).isZero();
  }

  @Test
  void aClosedConnectionGivesItsSlotBack() {
    server.stop().await();
    startServer(new RtmpConfig("127.0.0.1", 0, Duration.ofSeconds(10), Duration.ofSeconds(30), 65536, 1 << 20, 8, 2));
    for (int i = 0; i < 5; i++) {
      // Answered, then closed by the server for what follows the handshake: each takes a slot and frees it.
      ClientRun run = client(socket -> socket.write(c0c1().appendBuffer(c2()).appendBytes(new byte[] {(byte) 0xC9})));
      run.handshakeAnswered().await();
      run.closed().await();
    }
  }

  /** A fresh client still completes a handshake: one bad client did no harm. */
  private void stillServes() {
    ClientRun run = client(socket -> socket.write(c0c1()));
    NetSocket socket = run.socket().await();
    run.handshakeAnswered().await();
    assertThat(run.received().length()).isEqualTo(1 + 2 * 1536);
    assertThat(run.received().getUnsignedByte(0)).isEqualTo((short) 3);
    socket.close().await();
  }

  private static Buffer c0c1() {
    return Buffer.buffer().appendByte((byte) 3).appendBytes(new byte[1536]);
  }

  private static Buffer c2() {
    return Buffer.buffer().appendBytes(new byte[1536]);
  }

  record ClientRun(Future<NetSocket> socket, Future<Void> closed, Future<Void> handshakeAnswered, Buffer received) {
  }

  private ClientRun client(java.util.function.Consumer<NetSocket> then) {
    NetClient client = vertx.createNetClient();
    Buffer received = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    Promise<Void> answered = Promise.promise();
    Promise<NetSocket> socket = Promise.promise();
    // Connected from an event loop, the handlers are set in the turn the connection completes: a server that
    // refuses at once could otherwise close the socket before a test thread sets its close handler.
    vertx.runOnContext(ignored -> client.connect(port, "127.0.0.1").onSuccess(s -> {
      s.handler(bytes -> {
        received.appendBuffer(bytes);
        if (received.length() >= 1 + 2 * 1536) {
          answered.tryComplete();
        }
      });
      s.closeHandler(v -> closed.tryComplete());
      then.accept(s);
    }).onComplete(socket));
    return new ClientRun(socket.future(), closed.future().timeout(10, TimeUnit.SECONDS),
        answered.future().timeout(10, TimeUnit.SECONDS), received);
  }

  private Process push(String key) throws IOException {
    return new ProcessBuilder("/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac", "-t", "4",
        "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/" + key)
        .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
  }

  private JsonObject probe(Buffer flv) throws Exception {
    Path file = Files.createTempFile(dir, "got-", ".flv");
    Files.write(file, flv.getBytes());
    Process ffprobe = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-show_entries",
        "format=duration:stream=codec_type", "-of", "json", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ffprobe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new JsonObject(out);
  }

  private int decodedFrames(Buffer flv) throws Exception {
    Path file = Files.createTempFile(dir, "decode-", ".flv");
    Files.write(file, flv.getBytes());
    Process ffprobe = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ffprobe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return Integer.parseInt(out);
  }

  private static List<String> codecTypes(JsonObject probe) {
    JsonArray streams = probe.getJsonArray("streams");
    List<String> types = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      types.add(streams.getJsonObject(i).getString("codec_type"));
    }
    return types;
  }
}

package org.relais.hub.broadcast;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ffmpeg process: its stdin fed by a thread of its own from a bounded queue (so the event loop never
 * blocks on the pipe, and a source that outruns ffmpeg is held back), its stderr read by another and turned
 * into log lines. Its end, whatever the cause, is told once on the Vert.x context that started it.
 */
final class FfmpegRun {
  private static final Logger LOG = LoggerFactory.getLogger(FfmpegRun.class);
  /** Bytes queued for stdin beyond which writers wait: a few seconds of the heaviest stream. */
  static final int HIGH_WATER = 2 * 1024 * 1024;
  private static final int LOW_WATER = 512 * 1024;

  private final String name;
  private final Context context;
  private final Process process;
  private final Deque<Buffer> queue = new ArrayDeque<>();
  private long queued;
  private boolean closed;
  private Promise<Void> drained;

  private FfmpegRun(String name, Context context, Process process) {
    this.name = name;
    this.context = context;
    this.process = process;
  }

  /** Starts the process (blocking: call it off the event loop); {@code exited} gets its exit code. */
  static FfmpegRun start(String name, Context context, List<String> command, IntConsumer exited)
      throws IOException {
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    FfmpegRun run = new FfmpegRun(name, context, process);
    daemon(run::feed, "ffmpeg-in-" + name);
    daemon(run::logErrors, "ffmpeg-err-" + name);
    process.onExit().thenAccept(done -> context.runOnContext(v -> {
      run.failWaiting();
      exited.accept(done.exitValue());
    }));
    LOG.info("ffmpeg {} started (pid {})", name, process.pid());
    return run;
  }

  private static void daemon(Runnable work, String name) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Queues bytes for stdin; completes at once, or when the queue has room again. */
  synchronized Future<Void> write(Buffer bytes) {
    if (closed) {
      return Future.failedFuture("ffmpeg's input is closed");
    }
    queue.addLast(bytes);
    queued += bytes.length();
    notifyAll();
    if (queued < HIGH_WATER) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /** No more input: ffmpeg writes its last segments and ends by itself. */
  synchronized void closeInput() {
    closed = true;
    notifyAll();
  }

  /** Ends it now; a process already gone is left as it is. */
  void kill() {
    closeInput();
    process.destroyForcibly();
  }

  /** Closes its input, and kills it if it has not ended within {@code millis}. Blocks: off the event loop. */
  void finish(long millis) {
    closeInput();
    try {
      if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
        LOG.warn("ffmpeg {} did not end within {} ms of its input closing: killed", name, millis);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void feed() {
    try (OutputStream in = process.getOutputStream()) {
      while (true) {
        Buffer next;
        synchronized (this) {
          while (queue.isEmpty() && !closed) {
            wait();
          }
          if (queue.isEmpty()) {
            return;
          }
          next = queue.pollFirst();
        }
        in.write(next.getBytes());
        in.flush();
        synchronized (this) {
          queued -= next.length();
          if (drained != null && queued < LOW_WATER) {
            Promise<Void> waiting = drained;
            drained = null;
            context.runOnContext(v -> waiting.tryComplete());
          }
        }
      }
    } catch (IOException e) {
      // ffmpeg went away: its exit is told by onExit.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (this) {
        closed = true;
        queue.clear();
        queued = 0;
      }
    }
  }

  private synchronized void failWaiting() {
    closed = true;
    if (drained != null) {
      drained.tryFail("ffmpeg ended");
      drained = null;
    }
  }

  private void logErrors() {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        if (!line.isBlank()) {
          LOG.warn("ffmpeg {}: {}", name, line.strip());
        }
      }
    } catch (IOException e) {
      // The process is gone.
    }
  }
}

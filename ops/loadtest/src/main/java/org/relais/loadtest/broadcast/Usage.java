package org.relais.loadtest.broadcast;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.relais.loadtest.Machine;

/**
 * What one phase cost, each process apart: the hub's JVM (this one: the hub, the studio's sender and the listing
 * watcher; the viewers run in another), the hub's ffmpeg, the viewers' JVM; CPU as a share of one core; the hub's
 * heap sampled every 250 ms, and after a full GC at the end.
 */
record Usage(String label, double seconds, double hubJvm, double hubFfmpeg, double viewers,
    double heapMeanMb, double heapMaxMb, double heapAfterGcMb, String loadAverage, long fromMillis, long toMillis) {

  /** Started at the beginning of a phase; {@link #stop} gives its usage. */
  static final class Meter {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final String label;
    private final long hubFfmpegPid;
    private final long viewersPid;
    private final long wall = System.nanoTime();
    private final long from = System.currentTimeMillis();
    private final long jvm = OS.getProcessCpuTime();
    private final long ffmpeg;
    private final long viewers;
    private final AtomicLong heapSum = new AtomicLong();
    private final AtomicLong heapSamples = new AtomicLong();
    private final AtomicLong heapMax = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    Meter(String label, long hubFfmpegPid, long viewersPid) {
      this.label = label;
      this.hubFfmpegPid = hubFfmpegPid;
      this.viewersPid = viewersPid;
      this.ffmpeg = ProcCpu.nanos(hubFfmpegPid);
      this.viewers = viewersPid < 0 ? -1 : ProcCpu.nanos(viewersPid);
      sampler = new Thread(() -> {
        while (running) {
          long used = MEMORY.getHeapMemoryUsage().getUsed();
          heapSum.addAndGet(used);
          heapSamples.incrementAndGet();
          heapMax.accumulateAndGet(used, Math::max);
          try {
            Thread.sleep(250);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    Usage stop() throws InterruptedException {
      long elapsed = System.nanoTime() - wall;
      long to = System.currentTimeMillis();
      double jvmShare = (OS.getProcessCpuTime() - jvm) / (double) elapsed;
      double ffmpegShare = share(hubFfmpegPid, ffmpeg, elapsed);
      double viewersShare = viewersPid < 0 ? 0 : share(viewersPid, viewers, elapsed);
      String load = Machine.describeLoad();
      running = false;
      sampler.join();
      double mean = heapSamples.get() == 0 ? 0 : heapSum.get() / (double) heapSamples.get();
      return new Usage(label, elapsed / 1e9, jvmShare, ffmpegShare, viewersShare, mean / 1048576.0,
          heapMax.get() / 1048576.0, heapAfterGc() / 1048576.0, load, from, to);
    }

    private static double share(long pid, long before, long elapsed) {
      long after = ProcCpu.nanos(pid);
      return before < 0 || after < 0 ? Double.NaN : (after - before) / (double) elapsed;
    }

    private static long heapAfterGc() throws InterruptedException {
      for (int i = 0; i < 2; i++) {
        System.gc();
        Thread.sleep(200);
      }
      return MEMORY.getHeapMemoryUsage().getUsed();
    }
  }
}

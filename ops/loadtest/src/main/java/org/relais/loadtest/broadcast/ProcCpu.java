package org.relais.loadtest.broadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, from Linux's {@code /proc/<pid>/stat} (user + system, in clock ticks of
 * 10 ms): how the benchmark tells ffmpeg's and the viewers' CPU from the hub's own.
 */
final class ProcCpu {
  /** USER_HZ: 100 on every Linux the JDK runs on. */
  static final long TICK_NANOS = 10_000_000L;

  private ProcCpu() {}

  /** CPU nanoseconds used so far by {@code pid}, or -1 if it is gone (or this is no Linux). */
  static long nanos(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime of a {@code stat} line; the command name (in parentheses) may hold spaces. */
  static long parse(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    // After the name: state is field 3 of the line, utime 14, stime 15.
    long utime = Long.parseLong(fields[14 - 3]);
    long stime = Long.parseLong(fields[15 - 3]);
    return (utime + stime) * TICK_NANOS;
  }
}

package org.relais.loadtest;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the figures were measured on; they mean little without it. */
public record Machine(int cores, String cpu, String os, String jvm, long maxHeapMb, List<String> collectors) {

  public static Machine current() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(runtime.availableProcessors(), cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        runtime.maxMemory() / (1024 * 1024),
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
  }

  /** The one-minute load average, or -1 where the system does not say. */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  public static String describeLoad() {
    double load = loadAverage();
    return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
  }

  public String describe() {
    return cores + " cores (" + cpu + "), " + os + ", " + jvm + ", max heap " + maxHeapMb + " MB, GC "
        + String.join(" + ", collectors);
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return "cpu model unknown";
    }
    try (Stream<String> lines = Files.lines(cpuinfo)) {
      return lines.filter(line -> line.startsWith("model name")).findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("cpu model unknown");
    } catch (IOException e) {
      return "cpu model unknown";
    }
  }
}

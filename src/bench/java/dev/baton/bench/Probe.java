package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU and memory of a process and its children, read from {@code /proc} (Linux), so the server's
 * cost is measured from outside without touching it.
 */
final class Probe {

	private static final double TICKS_PER_SECOND = 100.0;

	private Probe() {
	}

	/** User plus system CPU seconds of the process and its direct children (nginx's workers). */
	static double cpuSeconds(long pid) {
		return family(pid).stream().mapToDouble(Probe::ownCpuSeconds).sum();
	}

	/**
	 * CPU seconds of the JVM's JIT compiler threads in {@code pid} (HotSpot names them "C1
	 * CompilerThread…" and "C2 CompilerThread…"); a thread that ended takes its time with it.
	 */
	static double compilerCpuSeconds(long pid) {
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		try (Stream<Path> threads = Files.list(tasks)) {
			return threads.filter(Probe::isCompiler).mapToDouble(thread -> cpuSeconds(stat(thread.resolve("stat")))).sum();
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Resident memory in MiB of the process and its direct children. */
	static double rssMiB(long pid) {
		return family(pid).stream().mapToLong(Probe::rssKiB).sum() / 1024.0;
	}

	/** CPU seconds every process on the machine has used since boot (all cores), from /proc/stat. */
	static double machineCpuSeconds() {
		try {
			String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long busy = 0;
			for (int i : new int[] { 1, 2, 3, 6, 7, 8 }) {
				busy += Long.parseLong(cpu[i]);
			}
			return busy / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	// its own time and that of its children that ended and were waited for (PostgreSQL's backends)
	private static double ownCpuSeconds(long pid) {
		return cpuSeconds(stat(Path.of("/proc", Long.toString(pid), "stat")));
	}

	private static boolean isCompiler(Path thread) {
		try {
			String name = Files.readString(thread.resolve("comm"));
			return name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static double cpuSeconds(String[] fields) {
		if (fields.length < 17) {
			return 0;
		}
		long ticks = 0;
		for (int i = 13; i <= 16; i++) {
			ticks += Long.parseLong(fields[i]);
		}
		return ticks / TICKS_PER_SECOND;
	}

	private static long rssKiB(long pid) {
		try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
			return lines.filter((l) -> l.startsWith("VmRSS:"))
				.mapToLong((l) -> Long.parseLong(l.replaceAll("[^0-9]", "")))
				.findFirst()
				.orElse(0);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static List<Long> family(long pid) {
		List<Long> pids = new ArrayList<>(List.of(pid));
		ProcessHandle.of(pid).ifPresent((p) -> p.children().forEach((c) -> pids.add(c.pid())));
		return pids;
	}

	// fields after the command name, which may hold spaces, so split after its closing parenthesis
	private static String[] stat(Path file) {
		try {
			String stat = Files.readString(file);
			String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			String[] fields = new String[rest.length + 2];
			System.arraycopy(rest, 0, fields, 2, rest.length);
			return fields;
		}
		catch (IOException | RuntimeException ex) {
			return new String[0];
		}
	}

}

package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The machine a run measured, for the report: cores, memory, Java, kernel.
 *
 * @param date the day of the run (UTC)
 * @param cores available processors
 * @param memoryGiB total memory
 * @param java the Java runtime's version
 * @param os the operating system and kernel
 */
record Machine(String date, int cores, long memoryGiB, String java, String os) {

	static Machine current() {
		return new Machine(LocalDate.now(ZoneOffset.UTC).toString(), Runtime.getRuntime().availableProcessors(),
				readMemoryGiB(), System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"));
	}

	String describe() {
		return String.format("%s, %d cores, %d GiB, %s, %s", this.date, this.cores, this.memoryGiB, this.java, this.os);
	}

	private static long readMemoryGiB() {
		try {
			String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
			return Math.round(Long.parseLong(total) / 1024.0 / 1024.0);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}

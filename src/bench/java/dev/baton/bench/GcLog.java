package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stop-the-world pauses from a JVM's {@code -Xlog:gc} file: the lines that say {@code Pause ... 1.234ms}. */
final class GcLog {

	private static final Pattern PAUSE = Pattern.compile("Pause.* (\\d+(?:\\.\\d+)?)ms\\s*$");

	private GcLog() {
	}

	/** {count, total ms, max ms} of the pauses logged so far. */
	static double[] pauses(Path log) {
		double[] pauses = { 0, 0, 0 };
		for (String line : lines(log)) {
			Matcher matcher = PAUSE.matcher(line);
			if (matcher.find()) {
				double millis = Double.parseDouble(matcher.group(1));
				pauses[0]++;
				pauses[1] += millis;
				pauses[2] = Math.max(pauses[2], millis);
			}
		}
		return pauses;
	}

	private static List<String> lines(Path log) {
		try {
			return Files.exists(log) ? Files.readAllLines(log) : List.of();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}

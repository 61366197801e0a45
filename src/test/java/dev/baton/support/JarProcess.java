package dev.baton.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged jar, run as a process of its own on the test database, as an orchestrator runs it. */
public final class JarProcess {

	private JarProcess() {
	}

	/**
	 * Starts the jar on {@code port} with {@code arguments}, its output written to
	 * {@code target/<name>.log}.
	 */
	public static Process start(String name, int port, String... arguments) throws IOException {
		TestDatabase.Settings database = TestDatabase.settings();
		Path jar;
		try (var files = Files.list(Path.of("target"))) {
			jar = files.filter(path -> path.getFileName().toString().matches("baton-.*\\.jar")).findFirst().orElseThrow();
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=" + port,
				"--spring.r2dbc.url=" + database.r2dbcUrl(), "--spring.r2dbc.username=" + database.username(),
				"--spring.r2dbc.password=" + database.password(), "--baton.stream.heartbeat=1s"));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File("target/" + name + ".log"))
			.start();
	}

}

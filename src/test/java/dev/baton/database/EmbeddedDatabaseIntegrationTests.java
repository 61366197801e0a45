package dev.baton.database;

import java.nio.file.Path;

import dev.baton.BatonApplication;
import dev.baton.support.BatonClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The default with no database configured: an embedded PostgreSQL whose data survives restarts. */
class EmbeddedDatabaseIntegrationTests {

	private static final String ADMIN_PASSWORD = "embedded-admin-password";

	@Test
	void dataSurvivesARestart(@TempDir Path dir) {
		long id;
		try (ConfigurableApplicationContext first = start(dir)) {
			BatonClient.Response created = client(first).post("general", "Persisted", "across restarts");
			assertThat(created.status()).isEqualTo(201);
			id = created.json().get("id").asLong();
		}
		try (ConfigurableApplicationContext second = start(dir)) {
			BatonClient.Response fetched = client(second).send("GET", "/api/updates/" + id, null);
			assertThat(fetched.status()).isEqualTo(200);
			assertThat(fetched.json().get("title").asString()).isEqualTo("Persisted");
		}
		assertThat(dir.resolve("PG_VERSION")).exists();
	}

	@Test
	void twoCopiesInTwoFoldersDoNotCollide(@TempDir Path one, @TempDir Path two) {
		try (ConfigurableApplicationContext first = start(one); ConfigurableApplicationContext second = start(two)) {
			assertThat(client(first).send("GET", "/actuator/health", null).body()).contains("UP");
			assertThat(client(second).send("GET", "/actuator/health", null).body()).contains("UP");
			long id = client(first).post("general", "Only in the first", "x").json().get("id").asLong();
			BatonClient.Response inSecond = client(second).send("GET", "/api/updates?channel=general", null);
			assertThat(inSecond.json().findValuesAsString("title")).doesNotContain("Only in the first");
			assertThat(client(first).send("GET", "/api/updates/" + id, null).status()).isEqualTo(200);
		}
	}

	private static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(BatonApplication.class).run("--server.port=0",
				"--baton.embedded.data-dir=" + dataDir, "--baton.security.admin-password=" + ADMIN_PASSWORD);
	}

	private static BatonClient client(ConfigurableApplicationContext context) {
		return BatonClient.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
			.as("admin", ADMIN_PASSWORD);
	}

}

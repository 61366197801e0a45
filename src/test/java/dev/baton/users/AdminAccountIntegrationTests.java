package dev.baton.users;

import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.baton.BatonApplication;
import dev.baton.support.BatonClient;
import dev.baton.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the first admin comes to be, started the way an operator starts Baton. */
@ExtendWith(OutputCaptureExtension.class)
class AdminAccountIntegrationTests {

	private static final Pattern GENERATED = Pattern.compile("Generated password for the user 'admin': (\\S+)");

	@Test
	void embeddedDefaultGeneratesAPasswordAndShowsItOnce(@TempDir Path dir, CapturedOutput output) {
		String password;
		try (ConfigurableApplicationContext first = start("--baton.embedded.data-dir=" + dir)) {
			Matcher generated = GENERATED.matcher(output.getOut() + output.getErr());
			assertThat(generated.find()).isTrue();
			password = generated.group(1);
			assertThat(password).hasSizeGreaterThanOrEqualTo(20);
			assertThat(client(first, password).send("GET", "/api/users", null).status()).isEqualTo(200);
		}
		int shown = output.toString().length();
		try (ConfigurableApplicationContext second = start("--baton.embedded.data-dir=" + dir)) {
			assertThat(output.toString().substring(shown)).doesNotContain("Generated password")
				.contains("An admin account exists", "BATON_SECURITY_RESET_ADMIN_PASSWORD=true");
			assertThat(client(second, password).send("GET", "/api/users", null).status()).isEqualTo(200);
		}
	}

	@Test
	void resetAdminPasswordSetsTheExistingAdminsPassword(@TempDir Path dir, CapturedOutput output) {
		String generated;
		try (ConfigurableApplicationContext first = start("--baton.embedded.data-dir=" + dir)) {
			Matcher shown = GENERATED.matcher(output.toString());
			assertThat(shown.find()).isTrue();
			generated = shown.group(1);
		}
		try (ConfigurableApplicationContext reset = start("--baton.embedded.data-dir=" + dir,
				"--baton.security.reset-admin-password=true", "--baton.security.admin-password=a-new-admin-password")) {
			assertThat(output).contains("The password of the user 'admin' was set at start-up");
			assertThat(client(reset, "a-new-admin-password").send("GET", "/api/users", null).status()).isEqualTo(200);
			assertThat(client(reset, generated).send("GET", "/api/users", null).status()).isEqualTo(401);
		}
	}

	@Test
	void externalDatabaseWithoutAPasswordSaysHowToSetOne(CapturedOutput output) {
		TestDatabase.Settings database = TestDatabase.newDatabase("baton_" + UUID.randomUUID().toString().replace("-", ""));
		try (ConfigurableApplicationContext context = start("--spring.r2dbc.url=" + database.r2dbcUrl(),
				"--spring.r2dbc.username=" + database.username(), "--spring.r2dbc.password=" + database.password())) {
			assertThat(output).contains("No admin account exists. Set BATON_ADMIN_PASSWORD").doesNotContain("Generated password");
			assertThat(client(context, "").send("GET", "/api/updates", null).status()).isEqualTo(401);
		}
	}

	@Test
	void anAdminPasswordBcryptCannotTakeStopsStartUpSayingWhy(@TempDir Path dir) {
		for (String password : new String[] { "short", "é".repeat(40) }) {
			assertThatThrownBy(() -> start("--baton.embedded.data-dir=" + dir, "--baton.security.admin-password=" + password))
				.rootCause()
				.hasMessage("BATON_ADMIN_PASSWORD must be 12 to 72 characters long, and at most 72 bytes in UTF-8");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--server.port=0";
		System.arraycopy(args, 0, all, 1, args.length);
		return new SpringApplicationBuilder(BatonApplication.class).run(all);
	}

	private static BatonClient client(ConfigurableApplicationContext context, String password) {
		return BatonClient.forPort(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
			.as("admin", password);
	}

}

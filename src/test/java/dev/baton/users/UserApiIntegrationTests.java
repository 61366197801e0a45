package dev.baton.users;

import java.util.UUID;

import dev.baton.support.BatonClient.Response;
import dev.baton.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class UserApiIntegrationTests extends IntegrationTest {

	@Test
	void aPasswordOverBcryptsSeventyTwoBytesIsAnInvalidField(CapturedOutput output) {
		String username = "multibyte-" + UUID.randomUUID().toString().substring(0, 8);
		// 40 characters, 80 bytes in UTF-8: within the characters, over the bytes bcrypt reads
		Response tooLong = create(username, "\u00e9".repeat(40));

		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
		assertThat(tooLong.json().get("detail").asString()).contains("password", "72 bytes");
		assertThat(create(username, "\u00e9".repeat(36)).status()).as("72 bytes").isEqualTo(201);
		assertThat(anonymous().as(username, "\u00e9".repeat(36)).send("GET", "/api/updates", null).status()).isEqualTo(200);
		assertThat(output).doesNotContain("\u00e9".repeat(36), "more than 72 bytes");
	}

	@Test
	void usernamesThatDifferOnlyInCaseAreTheSameUser() {
		String username = "Ana-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(create(username, "anas-long-password").status()).isEqualTo(201);

		Response lower = create(username.toLowerCase(), "another-long-password");
		assertThat(lower.status()).isEqualTo(409);
		assertThat(lower.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(lower.json().get("detail").asString()).contains("already exists");
		assertThat(create(username.toUpperCase(), "another-long-password").status()).isEqualTo(409);

		assertThat(anonymous().as(username, "anas-long-password").send("GET", "/api/updates", null).status())
			.isEqualTo(200);
		assertThat(anonymous().as(username.toLowerCase(), "anas-long-password").send("GET", "/api/updates", null).status())
			.as("sign-in matches the stored name exactly").isEqualTo(401);
	}

	@Test
	void anUnknownRoleIsNamedWithTheRolesThereAre() {
		Response boss = client().send("POST", "/api/users",
				"{\"username\":\"boss-%s\",\"password\":\"a-long-enough-password\",\"role\":\"boss\"}"
					.formatted(UUID.randomUUID().toString().substring(0, 8)));

		assertThat(boss.status()).isEqualTo(400);
		assertThat(boss.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(boss.json().get("title").asString()).isEqualTo("Invalid request");
		assertThat(boss.json().get("detail").asString()).isEqualTo("role must be member or admin");
		assertThat(boss.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
	}

	private Response create(String username, String password) {
		return client().send("POST", "/api/users",
				"{\"username\":\"%s\",\"password\":\"%s\",\"role\":\"member\"}".formatted(username, password));
	}

}

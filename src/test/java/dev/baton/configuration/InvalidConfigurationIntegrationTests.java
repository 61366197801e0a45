package dev.baton.configuration;

import dev.baton.BatonApplication;
import dev.baton.support.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An invalid {@code baton.*} value stops start-up, and the message names the property. */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationIntegrationTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			baton.stream.heartbeat          | 500ms                    | must be longer than or equal to 1 second
			baton.stream.subscriber-buffer  | 0                        | must be greater than or equal to 1
			baton.stream.max-frame-size     | 0B                       | must be at least 1B
			baton.limits.posts-per-minute   | -1                       | must be greater than 0
			baton.relay.down-after          | 0s                       | must be longer than or equal to 1 milli
			baton.security.allowed-origins[0] | https://example.com/feed | must be an origin such as
			""")
	void invalidValueStopsStartUpNamingTheProperty(String property, String value, String reason,
			CapturedOutput output) {
		String prefix = property.substring(0, property.lastIndexOf('.'));
		assertThatThrownBy(() -> start("--" + property + "=" + value)).hasStackTraceContaining(prefix);
		assertThat(output).contains("Property: " + property).contains("Value: \"" + value + "\"").contains(reason);
	}

	private static void start(String invalid) {
		TestDatabase.Settings database = TestDatabase.settings();
		new SpringApplicationBuilder(BatonApplication.class)
			.run("--server.port=0", "--spring.r2dbc.url=" + database.r2dbcUrl(),
					"--spring.r2dbc.username=" + database.username(), "--spring.r2dbc.password=" + database.password(),
					invalid)
			.close();
	}

}

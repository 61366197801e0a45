package dev.baton.configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's configuration table names every {@code baton.*} property the code binds. */
class ConfigurationDocumentationTests {

	private static final Pattern CODE = Pattern.compile("`([a-z0-9.\\-\\[\\]]+)`");

	@Test
	void readmeConfigurationTableNamesEveryBatonProperty() throws IOException {
		List<String> properties = batonProperties();
		assertThat(properties).as("properties in the configuration metadata").contains("baton.stream.heartbeat");
		assertThat(documented()).containsAll(properties);
	}

	@Test
	void everyBatonPropertyHasADescriptionInTheMetadata() throws IOException {
		JsonNode metadata = metadata();
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().startsWith("baton.")) {
				assertThat(property.path("description").asString("")).as(property.get("name").asString()).isNotBlank();
			}
		}
	}

	private static List<String> batonProperties() throws IOException {
		return metadata().get("properties")
			.valueStream()
			.map(property -> property.get("name").asString())
			.filter(name -> name.startsWith("baton."))
			.toList();
	}

	private static JsonNode metadata() throws IOException {
		Path file = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
		return JsonMapper.builder().build().readTree(Files.readString(file));
	}

	// the names in code spans on the table rows of the README's "Configuration" section
	private static Set<String> documented() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		String section = readme.substring(readme.indexOf("\n## Configuration\n"));
		section = section.substring(0, section.indexOf("\n## ", 1));
		return section.lines()
			.filter(line -> line.startsWith("| `"))
			.flatMap(line -> CODE.matcher(line).results().map(match -> match.group(1)))
			.collect(Collectors.toSet());
	}

}

package dev.baton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws the latency plot again from a {@code report.json}, e.g. after changing the plot:
 * {@code java -cp … dev.baton.bench.Replot target/bench/report.json docs/latency.png}.
 */
public final class Replot {

	private Replot() {
	}

	public static void main(String[] arguments) throws Exception {
		JsonNode report = JsonMapper.builder().build().readTree(Path.of(arguments[0]).toFile());
		List<Reports.Curve> curves = new ArrayList<>();
		for (JsonNode result : report.get("results")) {
			JsonNode latency = result.get("latency_ms");
			if (latency == null || latency.isEmpty()) {
				continue;
			}
			Map<Double, Double> percentiles = new LinkedHashMap<>();
			latency.properties().forEach((e) -> percentiles.put(Double.valueOf(e.getKey()), e.getValue().asDouble()));
			String scenario = result.get("scenario").asString();
			String target = result.get("target").asString();
			curves.add(new Reports.Curve(target + " " + scenario + Reports.measure(scenario, target),
					percentiles));
		}
		Reports.plot(curves, report.get("date").asString(), Path.of(arguments[1]));
	}

}

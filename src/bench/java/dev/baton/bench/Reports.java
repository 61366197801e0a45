package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reports: a table per scenario with one column per target and Baton's ratio to each peer,
 * printed and written as Markdown; everything as JSON; the latency percentile curves as a PNG.
 */
final class Reports {

	/** The plot's right edge: 99.999th percentile. */
	private static final double MAX_NINES = 5;

	private final List<Result> results;

	private final Machine machine;

	private final Settings settings;

	Reports(List<Result> results, Machine machine, Settings settings) {
		this.results = results;
		this.machine = machine;
		this.settings = settings;
	}

	void write() throws IOException {
		Files.createDirectories(this.settings.out());
		String markdown = markdown();
		System.out.println();
		System.out.println(markdown);
		Files.writeString(this.settings.out().resolve("report.md"), markdown);
		Files.writeString(this.settings.out().resolve("report.json"), json());
		plot(this.settings.out().resolve("latency.png"));
		System.out.println("Reports: " + this.settings.out().resolve("report.md") + ", report.json, latency.png");
	}

	String markdown() {
		StringBuilder md = new StringBuilder("# Fan-out benchmark\n\n");
		md.append(this.machine.describe()).append("\n\n");
		md.append("Server under test: ").append(this.settings.remote() ? this.settings.url()
				: "`java " + this.settings.serverJvm() + " -jar " + this.settings.jar().getFileName() + "`").append("\n");
		for (String scenario : scenarios()) {
			md.append(table(scenario));
		}
		return md.toString();
	}

	private Set<String> scenarios() {
		Set<String> names = new LinkedHashSet<>();
		this.results.forEach((r) -> names.add(r.scenario()));
		return names;
	}

	private String table(String scenario) {
		List<Result> columns = this.results.stream().filter((r) -> r.scenario().equals(scenario)).toList();
		Result baton = columns.stream().filter((r) -> r.target().equals("baton")).findFirst().orElse(null);
		List<Result> peers = columns.stream().filter((r) -> r != baton).toList();
		StringBuilder md = new StringBuilder("\n## ").append(scenario).append("\n\n| figure |");
		columns.forEach((c) -> md.append(' ').append(c.target()).append(" |"));
		if (baton != null) {
			peers.forEach((p) -> md.append(" baton/").append(p.target()).append(" |"));
		}
		md.append("\n|---|");
		columns.forEach((c) -> md.append("---:|"));
		if (baton != null) {
			peers.forEach((p) -> md.append("---:|"));
		}
		md.append('\n');
		for (String figure : figures(columns)) {
			md.append("| ").append(figure).append(" |");
			columns.forEach((c) -> md.append(' ').append(format(c.figures().get(figure))).append(" |"));
			if (baton != null) {
				peers.forEach((p) -> md.append(' ').append(ratio(baton.figures().get(figure), p.figures().get(figure)))
					.append(" |"));
			}
			md.append('\n');
		}
		md.append("| verified |");
		columns.forEach((c) -> md.append(' ').append(c.verified() ? "yes" : "NO: " + c.problems()).append(" |"));
		if (baton != null) {
			peers.forEach((p) -> md.append(" |"));
		}
		return md.append('\n').toString();
	}

	private static Set<String> figures(List<Result> columns) {
		Set<String> names = new LinkedHashSet<>();
		columns.forEach((c) -> names.addAll(c.figures().keySet()));
		return names;
	}

	private static String format(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Double d) {
			return (d == Math.rint(d) && Math.abs(d) >= 100) ? String.format("%,d", d.longValue()) : String.format("%,.1f", d);
		}
		if (value instanceof Long || value instanceof Integer) {
			return String.format("%,d", ((Number) value).longValue());
		}
		return value.toString().replace("|", "/");
	}

	private static String ratio(Object baton, Object peer) {
		if (baton instanceof Number b && peer instanceof Number p && p.doubleValue() > 0 && b.doubleValue() >= 0) {
			return String.format("%.2f", b.doubleValue() / p.doubleValue());
		}
		return "";
	}

	String json() {
		StringBuilder json = new StringBuilder("{\n  \"date\": ").append(quote(this.machine.date()));
		json.append(",\n  \"machine\": ").append(quote(this.machine.describe()));
		json.append(",\n  \"server\": ").append(quote(this.settings.remote() ? this.settings.url()
				: "java " + this.settings.serverJvm() + " -jar " + this.settings.jar().getFileName()));
		json.append(",\n  \"results\": [");
		for (int i = 0; i < this.results.size(); i++) {
			json.append((i == 0) ? "\n" : ",\n").append(json(this.results.get(i)));
		}
		return json.append("\n  ]\n}\n").toString();
	}

	private static String json(Result result) {
		StringBuilder json = new StringBuilder("    {\"scenario\": ").append(quote(result.scenario()))
			.append(", \"target\": ").append(quote(result.target()))
			.append(", \"verified\": ").append(result.verified())
			.append(", \"problems\": ").append(quote(result.problems().toString()))
			.append(",\n     \"figures\": {");
		String separator = "";
		for (Map.Entry<String, Object> figure : result.figures().entrySet()) {
			Object value = figure.getValue();
			json.append(separator).append(quote(figure.getKey())).append(": ")
				.append((value instanceof Number) ? value.toString() : quote(String.valueOf(value)));
			separator = ", ";
		}
		json.append("}");
		if (result.latency() != null) {
			json.append(",\n     \"latency_ms\": {");
			separator = "";
			for (Map.Entry<Double, Double> point : percentiles(result.latency()).entrySet()) {
				json.append(separator).append(quote(Double.toString(point.getKey()))).append(": ").append(point.getValue());
				separator = ", ";
			}
			json.append("}");
		}
		return json.append("}").toString();
	}

	/** Percentile → milliseconds, at HdrHistogram's percentile steps (5 per halving of the tail). */
	static Map<Double, Double> percentiles(Histogram histogram) {
		Map<Double, Double> points = new LinkedHashMap<>();
		if (histogram.getTotalCount() == 0) {
			return points;
		}
		for (HistogramIterationValue value : histogram.percentiles(5)) {
			points.put(value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1000.0);
		}
		return points;
	}

	private void plot(Path file) throws IOException {
		List<Curve> curves = new ArrayList<>();
		for (Result result : this.results) {
			if (result.latency() != null && result.latency().getTotalCount() > 0) {
				curves.add(new Curve(result.target() + " " + result.scenario() + measure(result.scenario()),
						percentiles(result.latency())));
			}
		}
		plot(curves, this.machine.date(), file);
	}

	/**
	 * One latency curve of the plot.
	 *
	 * @param name its legend
	 * @param percentiles percentile → milliseconds
	 */
	record Curve(String name, Map<Double, Double> percentiles) {
	}

	/** Draws the curves: x is the percentile on a scale that gives each added nine the same width. */
	static void plot(List<Curve> curves, String date, Path file) throws IOException {
		if (curves.isEmpty()) {
			return;
		}
		System.setProperty("java.awt.headless", "true");
		XYChart chart = new XYChartBuilder().width(1100)
			.height(650)
			.title("Latency by percentile, POST sent to event received unless noted (" + date + ")")
			.xAxisTitle("percentile")
			.yAxisTitle("latency, ms (log scale)")
			.build();
		// x = log10(1 / (1 - p)): 1 is the 90th percentile, 2 the 99th, 3 the 99.9th
		chart.getStyler().setxAxisTickLabelsFormattingFunction(Reports::percentileLabel);
		chart.getStyler().setXAxisMin(0.0);
		chart.getStyler().setXAxisMax(MAX_NINES);
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setYAxisDecimalPattern("#,##0.#");
		chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
		for (Curve curve : curves) {
			List<Double> x = new ArrayList<>();
			List<Double> y = new ArrayList<>();
			for (Map.Entry<Double, Double> point : curve.percentiles().entrySet()) {
				double tail = 1 - point.getKey() / 100;
				x.add(Math.min(MAX_NINES, Math.log10(1 / Math.max(tail, 1e-9))));
				y.add(Math.max(0.1, point.getValue()));
			}
			chart.addSeries(curve.name(), x, y).setMarker(SeriesMarkers.NONE);
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

	private static String percentileLabel(Double x) {
		if (Math.abs(x - Math.rint(x)) > 1e-6) {
			return "";
		}
		double percentile = 100 * (1 - Math.pow(10, -x));
		return new java.text.DecimalFormat("0.###").format(percentile) + "%";
	}

	static String measure(String scenario) {
		return switch (scenario) {
			case "herd" -> " (POST to fragment showing it)";
			case "polling" -> " (commit to client: staleness)";
			default -> "";
		};
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}

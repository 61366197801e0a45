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
import java.util.stream.IntStream;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reports: a summary of the main figures, then a table per scenario, each with one column per
 * target and the ratio of each column to each one on its right, printed and written as Markdown;
 * everything as JSON; the latency percentile curves as a PNG.
 */
final class Reports {

	/** The plot's right edge: 99.999th percentile. */
	private static final double MAX_NINES = 5;

	/** The figures the summary shows, where a scenario has them. */
	private static final List<String> SUMMARY = List.of("publishes/s", "server CPU, cores", "database CPU, cores",
			"connects/s", "handshakes failed", "p50 ms", "p99 ms",
			"deliveries/s", "knee deliveries/s (p99 <= 100 ms)", "seconds until all back and caught up", "server CPU s",
			"of which JIT compiler CPU s", "server RSS MiB", "live heap MiB with all open", "RSS KiB/subscriber",
			"p99 ÷ id-only fan-out p99", "pages missing a post", "pages not showing the last post 60 s after it",
			"fetches/post", "DB transactions/post", "DB transactions/post beyond the quiet rate", "server CPU ms/post", "bytes/event", "fragment bytes/fetch",
			"presence events/s per presence subscriber (max)", "joiners missing a post sent after they opened",
			"shortest time between two presence events at one subscriber, ms", "subscriber × typist pairs seen",
			"shortest time between two typing events at one subscriber, ms");

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
				: "`java " + this.settings.serverJvm() + " -jar " + this.settings.jar().getFileName() + "`").append("\n\n");
		md.append("Subscribers connect ").append(this.settings.burst()
				? "in a burst: all at once, without retries; a handshake over "
						+ GeneratorSettings.BURST_HANDSHAKE_SECONDS + " s fails"
				: "paced: a bounded number of handshakes in flight per generator").append(".\n\n");
		if (this.results.stream().anyMatch((r) -> r.target().equals("floor"))) {
			md.append("The floor is the design's fan-out on bare Reactor Netty (`FloorServer`, in a JVM with the ")
				.append("same flags): baton/floor is what Baton adds to its platform, floor/nchan what the platform ")
				.append("costs against nginx, and their product is baton/nchan.\n");
		}
		md.append(summary());
		for (String scenario : scenarios()) {
			md.append(table(scenario));
		}
		return md.toString();
	}

	private String summary() {
		List<String> targets = this.results.stream().map(Result::target).distinct().toList();
		List<String> headers = new ArrayList<>(List.of("scenario", "figure"));
		headers.addAll(targets);
		pairs(targets).forEach((p) -> headers.add(p.left() + "/" + p.right()));
		Table table = new Table(2, headers);
		for (String scenario : scenarios()) {
			List<Result> columns = targets.stream().map((t) -> result(scenario, t)).toList();
			String label = scenario;
			for (String figure : SUMMARY) {
				if (columns.stream().anyMatch((c) -> c != null && c.figures().containsKey(figure))) {
					table.add(row(List.of(label, figure), columns, figure));
					label = "";
				}
			}
			List<String> verified = new ArrayList<>(List.of(label, "verified"));
			columns.forEach((c) -> verified.add((c == null) ? "" : c.verified() ? "yes" : "NO"));
			table.add(verified);
		}
		return "\n## Summary\n\n" + table.markdown();
	}

	private Result result(String scenario, String target) {
		return this.results.stream()
			.filter((r) -> r.scenario().equals(scenario) && r.target().equals(target))
			.findFirst()
			.orElse(null);
	}

	private Set<String> scenarios() {
		Set<String> names = new LinkedHashSet<>();
		this.results.forEach((r) -> names.add(r.scenario()));
		return names;
	}

	private String table(String scenario) {
		List<Result> columns = this.results.stream().filter((r) -> r.scenario().equals(scenario)).toList();
		List<String> headers = new ArrayList<>(List.of("figure"));
		columns.forEach((c) -> headers.add(c.target()));
		pairs(columns).forEach((p) -> headers.add(p.left().target() + "/" + p.right().target()));
		Table table = new Table(1, headers);
		for (String figure : figures(columns)) {
			table.add(row(List.of(figure), columns, figure));
		}
		List<String> verified = new ArrayList<>(List.of("verified"));
		columns.forEach((c) -> verified.add(c.verified() ? "yes" : "NO: " + c.problems()));
		table.add(verified);
		return "\n## " + scenario + "\n\n" + table.markdown();
	}

	/** The labels, then the figure in each column (null: a target without this scenario), then the ratios. */
	private static List<String> row(List<String> labels, List<Result> columns, String figure) {
		List<Object> values = columns.stream().map((c) -> (c != null) ? c.figures().get(figure) : null).toList();
		List<String> row = new ArrayList<>(labels);
		values.forEach((v) -> row.add(format(v)));
		pairs(values).forEach((p) -> row.add(ratio(p.left(), p.right())));
		return row;
	}

	/** Each column with each one on its right: baton/floor, baton/nchan, floor/nchan. */
	private static <T> List<Pair<T>> pairs(List<T> columns) {
		List<Pair<T>> pairs = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			for (int j = i + 1; j < columns.size(); j++) {
				pairs.add(new Pair<>(columns.get(i), columns.get(j)));
			}
		}
		return pairs;
	}

	/**
	 * Two columns whose ratio is shown.
	 *
	 * @param <T> what a column is here
	 * @param left the dividend
	 * @param right the divisor
	 */
	private record Pair<T>(T left, T right) {
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

	private static String ratio(Object left, Object right) {
		if (left instanceof Number l && right instanceof Number r && r.doubleValue() > 0 && l.doubleValue() >= 0) {
			return String.format("%.2f", l.doubleValue() / r.doubleValue());
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
				curves.add(new Curve(result.target() + " " + result.scenario() + measure(result.scenario(), result.target()),
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

	static String measure(String scenario, String target) {
		if (target.equals(Herd.ID_ONLY)) {
			return "";
		}
		return switch (scenario) {
			case "herd-fetch" -> " (POST to fragment showing it)";
			case "herd", "herd-19k" -> " (POST to item applied)";
			case "polling" -> " (commit to client: staleness)";
			default -> "";
		};
	}

	/** A Markdown table, labels left and figures right; a column empty in every row is left out. */
	private static final class Table {

		private final int labels;

		private final List<String> headers;

		private final List<List<String>> rows = new ArrayList<>();

		Table(int labels, List<String> headers) {
			this.labels = labels;
			this.headers = headers;
		}

		/** Adds a row; cells it leaves out at its end are empty. */
		void add(List<String> row) {
			List<String> cells = new ArrayList<>(row);
			while (cells.size() < this.headers.size()) {
				cells.add("");
			}
			this.rows.add(cells);
		}

		String markdown() {
			List<Integer> kept = IntStream.range(0, this.headers.size())
				.filter((i) -> i < this.labels || this.rows.stream().anyMatch((r) -> !r.get(i).isEmpty()))
				.boxed()
				.toList();
			List<String> rule = IntStream.range(0, this.headers.size()).mapToObj((i) -> (i < this.labels) ? "---" : "---:")
				.toList();
			StringBuilder md = new StringBuilder(line(this.headers, kept)).append(line(rule, kept));
			this.rows.forEach((row) -> md.append(line(row, kept)));
			return md.toString();
		}

		private static String line(List<String> cells, List<Integer> kept) {
			StringBuilder line = new StringBuilder("|");
			kept.forEach((i) -> line.append(' ').append(cells.get(i)).append(" |"));
			return line.append('\n').toString();
		}

	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}

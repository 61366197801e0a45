package dev.baton.bench;

import java.lang.management.ManagementFactory;

/**
 * Where the CPU went during one measured window: the server, its database, the generators, this
 * coordinator, and everything else on the machine. "Everything else" shows a run disturbed by
 * other work; the generators' share shows when they, not the server, were the bottleneck. In a
 * window without generators the load comes from this coordinator, whose share is then reported.
 */
final class Meter {

	private final Target target;

	private final Shards shards;

	private final Runner runner;

	private final ServerFigures server;

	private final double generators;

	private final double coordinator;

	private final double machine;

	private final long started;

	private Meter(Target target, Shards shards, Runner runner) throws InterruptedException {
		this.target = target;
		this.shards = shards;
		this.runner = runner;
		this.server = target.figures();
		this.generators = (shards != null) ? runner.generatorCpu(shards) : 0;
		this.coordinator = ownCpuSeconds();
		this.machine = Probe.machineCpuSeconds();
		this.started = System.nanoTime();
	}

	static Meter start(Target target, Shards shards, Runner runner) throws InterruptedException {
		return new Meter(target, shards, runner);
	}

	/** A window whose load this process makes itself, without generator processes. */
	static Meter start(Target target) throws InterruptedException {
		return new Meter(target, null, null);
	}

	/** Puts the window's costs into {@code result}; returns the server's. */
	ServerFigures stop(Result result) throws InterruptedException {
		double seconds = (System.nanoTime() - this.started) / 1e9;
		ServerFigures cost = this.target.figures().since(this.server);
		double generators = (this.shards != null) ? this.runner.generatorCpu(this.shards) - this.generators : 0;
		double coordinator = ownCpuSeconds() - this.coordinator;
		double machine = Probe.machineCpuSeconds() - this.machine;
		Runner.server(result, cost);
		if (this.shards != null) {
			result.put("generator CPU s", Runner.round(generators));
		}
		else {
			result.put("client CPU s (the benchmark's own process)", Runner.round(coordinator));
		}
		double known = Math.max(0, cost.cpuSeconds()) + Math.max(0, cost.databaseCpuSeconds()) + generators + coordinator;
		if (cost.cpuSeconds() >= 0) {
			result.put("other processes' CPU s", Runner.round(Math.max(0, machine - known)));
		}
		result.put("window s", Runner.round(seconds));
		return cost;
	}

	private static double ownCpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

}

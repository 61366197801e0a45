package dev.baton.bench;

/**
 * What the server cost, read from outside it; cumulative, so a scenario's share is a difference.
 * -1 where the figure cannot be had (a server at a URL, a peer without a database).
 *
 * @param cpuSeconds user + system CPU seconds of the server process (and its workers)
 * @param compilerCpuSeconds the part of it that the JVM's JIT compiler threads used
 * @param databaseCpuSeconds CPU seconds of the server's PostgreSQL, when it is the benchmark's own
 * @param rssMiB resident memory now
 * @param transactions committed database transactions ({@code pg_stat_database.xact_commit})
 * @param logReads scans of the event log table ({@code update_events}: sequential + index)
 * @param gcPauses stop-the-world GC pauses
 * @param gcPauseMillis their total
 * @param gcMaxPauseMillis the longest
 */
record ServerFigures(double cpuSeconds, double compilerCpuSeconds, double databaseCpuSeconds, double rssMiB, long transactions, long logReads, int gcPauses,
		double gcPauseMillis, double gcMaxPauseMillis) {

	static final ServerFigures NONE = new ServerFigures(-1, -1, -1, -1, -1, -1, -1, -1, -1);

	/** What happened between {@code earlier} and this; RSS and the longest pause stay as of now. */
	ServerFigures since(ServerFigures earlier) {
		return new ServerFigures(diff(this.cpuSeconds, earlier.cpuSeconds),
				diff(this.compilerCpuSeconds, earlier.compilerCpuSeconds),
				diff(this.databaseCpuSeconds, earlier.databaseCpuSeconds), this.rssMiB,
				(long) diff(this.transactions, earlier.transactions), (long) diff(this.logReads, earlier.logReads),
				(int) diff(this.gcPauses, earlier.gcPauses), diff(this.gcPauseMillis, earlier.gcPauseMillis),
				this.gcMaxPauseMillis);
	}

	private static double diff(double now, double before) {
		return (now < 0 || before < 0) ? -1 : now - before;
	}

}

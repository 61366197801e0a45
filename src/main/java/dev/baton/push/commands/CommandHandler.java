package dev.baton.push.commands;

import java.util.concurrent.atomic.AtomicInteger;

import dev.baton.updates.Actor;
import io.micrometer.core.instrument.DistributionSummary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The commands of one WebSocket: they run one at a time, in the order they came, and at most
 * {@link #WAITING} wait meanwhile. While that many wait the socket is not read, so a flood of
 * commands is held back by TCP, not buffered here.
 */
public final class CommandHandler {

	/** How many received messages may wait while one command runs. */
	static final int WAITING = 16;

	private final SocketCommands commands;

	private final Actor actor;

	private final DistributionSummary waitingSummary;

	private final AtomicInteger waiting = new AtomicInteger();

	CommandHandler(SocketCommands commands, Actor actor, DistributionSummary waitingSummary) {
		this.commands = commands;
		this.actor = actor;
		this.waitingSummary = waitingSummary;
	}

	/**
	 * The answers, run one after the other in the order they came, at most {@link #WAITING}
	 * waiting: those to commands, and any other answer the socket owes (pongs).
	 */
	public <T> Flux<T> inOrder(Flux<Mono<T>> answers) {
		return answers.doOnNext(answer -> this.waitingSummary.record(this.waiting.incrementAndGet()))
			.concatMap(answer -> answer.doFinally(signal -> this.waiting.decrementAndGet()), WAITING);
	}

	/** The answer to one command, empty for a ping and an accepted typing. */
	public Mono<Answer> answer(JsonNode command) {
		return this.commands.answer(command, this.actor);
	}

}

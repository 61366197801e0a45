package dev.baton.events;

import dev.baton.events.EventLog.LogBounds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogBoundsTests {

	@Test
	void resumesWhenEveryLaterEventIsStillLogged() {
		LogBounds bounds = new LogBounds(10, 20);

		assertThat(bounds.canResumeAfter(9)).isTrue();
		assertThat(bounds.canResumeAfter(15)).isTrue();
		assertThat(bounds.canResumeAfter(20)).isTrue();
	}

	@Test
	void cannotResumeFromBeforeThePrunedPartOrBeyondTheEnd() {
		LogBounds bounds = new LogBounds(10, 20);

		assertThat(bounds.canResumeAfter(8)).isFalse();
		assertThat(bounds.canResumeAfter(0)).isFalse();
		assertThat(bounds.canResumeAfter(21)).isFalse();
	}

	@Test
	void emptyLogResumesOnlyFromTheStart() {
		LogBounds empty = new LogBounds(0, 0);

		assertThat(empty.canResumeAfter(0)).isTrue();
		assertThat(empty.canResumeAfter(1)).isFalse();
	}

}

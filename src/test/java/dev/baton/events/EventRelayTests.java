package dev.baton.events;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventRelayTests {

	@Test
	void listenConnectionBypassesThePoolAndIsNamed() {
		ConnectionFactoryOptions listener = EventRelay
			.listenerOptions(ConnectionFactoryOptions.parse("r2dbc:pool:postgresql://ana:secret@db:5433/feed?maxSize=30"));

		assertThat(listener.getValue(ConnectionFactoryOptions.DRIVER)).isEqualTo("postgresql");
		assertThat(listener.getValue(ConnectionFactoryOptions.PROTOCOL)).isEqualTo("");
		assertThat(listener.getValue(ConnectionFactoryOptions.HOST)).isEqualTo("db");
		assertThat(listener.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(5433);
		assertThat(listener.getValue(ConnectionFactoryOptions.DATABASE)).isEqualTo("feed");
		assertThat(listener.getValue(ConnectionFactoryOptions.USER)).isEqualTo("ana");
		assertThat(listener.getValue(Option.valueOf("applicationName"))).isEqualTo("baton-relay");
	}

	@Test
	void unpooledSettingsKeepTheirDriver() {
		ConnectionFactoryOptions listener = EventRelay
			.listenerOptions(ConnectionFactoryOptions.parse("r2dbc:postgresql://db/feed"));

		assertThat(listener.getValue(ConnectionFactoryOptions.DRIVER)).isEqualTo("postgresql");
		assertThat(listener.getValue(Option.valueOf("applicationName"))).isEqualTo("baton-relay");
	}

}

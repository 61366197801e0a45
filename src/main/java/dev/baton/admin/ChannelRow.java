package dev.baton.admin;

import java.util.List;

import dev.baton.updates.Channel;
import dev.baton.updates.ChannelPermissions;

/**
 * A channel as the operator's page lists it.
 *
 * @param kind {@code feed} or {@code module}
 * @param read who may read it
 * @param publish who may publish on it
 */
record ChannelRow(String name, String kind, String description, Access read, Access publish) {

	static final String EVERYONE = "everyone signed in";

	static final String ADMINS = "admins";

	static ChannelRow of(Channel channel, ChannelPermissions permissions) {
		return new ChannelRow(channel.name(), channel.kind(), channel.description(),
				Access.of(permissions.read(), EVERYONE),
				Access.of(permissions.publish(), channel.openToPublish() ? EVERYONE : ADMINS));
	}

	/**
	 * Who may do something on a channel.
	 *
	 * @param who the grantees its permissions name, sorted, or when they name none the default in
	 * words, marked "(default)"
	 * @param byDefault whether no permission names anyone, so that the default holds
	 */
	record Access(String who, boolean byDefault) {

		static Access of(List<String> grantees, String otherwise) {
			return grantees.isEmpty() ? new Access(otherwise + "\u00a0(default)", true)
					: new Access(String.join(", ", grantees.stream().sorted().toList()), false);
		}

	}

}

package org.pgstat4j.backend;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.transport.StatsSender;

/**
 * A {@link StatsSender} that decodes every datagram with {@link MessageCodec#decode} (so a
 * malformed datagram fails the test) and keeps it; or, when full, drops and counts.
 */
final class CapturingSender implements StatsSender {
    final List<StatMessage> messages = new ArrayList<>();
    final List<Integer> sizes = new ArrayList<>();
    private boolean full;
    private long sent;
    private long dropped;

    CapturingSender full(boolean isFull) {
        full = isFull;
        return this;
    }

    @Override
    public boolean send(ByteBuffer datagram) {
        if (full) {
            dropped++;
            return false;
        }
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(datagram.position(), bytes);
        messages.add(MessageCodec.decode(bytes));
        sizes.add(bytes.length);
        sent++;
        return true;
    }

    @Override
    public long sentCount() {
        return sent;
    }

    @Override
    public long droppedCount() {
        return dropped;
    }

    /** The messages of type {@code type}, in send order. */
    <T extends StatMessage> List<T> of(Class<T> type) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<TabStatMessage> tabstats() {
        return of(TabStatMessage.class);
    }

    /** Forgets everything captured so far. */
    List<StatMessage> drain() {
        List<StatMessage> copy = List.copyOf(messages);
        messages.clear();
        sizes.clear();
        return copy;
    }
}

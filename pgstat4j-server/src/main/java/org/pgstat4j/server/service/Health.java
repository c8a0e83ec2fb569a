package org.pgstat4j.server.service;

import java.util.Map;

/**
 * pgstat4j's own counters at one moment: the collector's (received, applied, rejected by
 * reason), the senders' drops, the kernel's drops on the statistics socket, collector
 * restarts, and the datagrams missing from their senders' sequence numbers
 * ({@code sequenceLost}: every loss between a sequenced sender and the collector, whatever
 * dropped it). A value of -1 means "not known here" (e.g. kernel drops off Linux).
 */
public record Health(long received, long applied, long rejected, Map<String, Long> rejectedByReason,
                     long senderDropped, long kernelDropped, long collectorRestarts,
                     long fileWrites, boolean statisticsEnabled, long sequenceLost) {
    public Health {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** Without sequence figures (-1: not known here). */
    public Health(long received, long applied, long rejected, Map<String, Long> rejectedByReason,
                  long senderDropped, long kernelDropped, long collectorRestarts,
                  long fileWrites, boolean statisticsEnabled) {
        this(received, applied, rejected, rejectedByReason, senderDropped, kernelDropped, collectorRestarts,
                fileWrites, statisticsEnabled, -1);
    }
}

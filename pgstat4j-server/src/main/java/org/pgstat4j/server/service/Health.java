package org.pgstat4j.server.service;

import java.util.Map;

/**
 * pgstat4j's own counters at one moment: the collector's (received, applied, rejected by
 * reason), the senders' drops, the kernel's drops on the statistics socket, collector
 * restarts. A value of -1 means "not known here" (e.g. kernel drops off Linux).
 */
public record Health(long received, long applied, long rejected, Map<String, Long> rejectedByReason,
                     long senderDropped, long kernelDropped, long collectorRestarts,
                     long fileWrites, boolean statisticsEnabled) {
    public Health {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }
}

package org.pgstat4j.transport.pcap;

import java.io.IOException;

/**
 * A capture that is not a readable classic pcap stream: bad magic, a truncated header or
 * record, an impossible length. The message names the byte offset from the start of the
 * stream and the problem.
 *
 * <p>The one way to misuse it: treating it as the end of the capture. The stream is damaged at
 * the named offset; what follows is unknown, and the datagrams read so far may be incomplete.
 */
public final class PcapFormatException extends IOException {
    private final long offset;

    public PcapFormatException(long offset, String problem) {
        super("pcap: " + problem + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset from the start of the capture where the problem was found. */
    public long offset() {
        return offset;
    }
}

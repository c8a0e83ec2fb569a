package org.pgstat4j.transport.unix;

/**
 * What {@link FdPassing#receiveFd} got: a descriptor (or -1 if the sender passed none) and the
 * payload that came with it.
 *
 * <p>The receiver owns {@code fd} from now on: it must close it, or hand it to an object that
 * takes ownership (such as {@link RawDatagramSender}).
 */
public record ReceivedFd(int fd, byte[] payload) {

    /** True if a descriptor came with the payload. */
    public boolean hasFd() {
        return fd >= 0;
    }
}

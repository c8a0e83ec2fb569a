package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LibcTest {

    @Test
    void getpidIsThisJvm() {
        assertThat((long) Libc.getpid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void userIdsAreTheKernelsView() throws IOException {
        // /proc/self/status "Uid:" lists real, effective, saved, file-system ids.
        String[] uid = statusLine("Uid:");
        assertThat(Libc.getuid()).isEqualTo(Integer.parseInt(uid[1]));
        assertThat(Libc.geteuid()).isEqualTo(Integer.parseInt(uid[2]));
    }

    @Test
    void failedCallNamesTheCallAndTheErrno() {
        assertThatThrownBy(() -> Libc.closeFd(-1))
                .isInstanceOf(IOException.class)
                .hasMessage("close: " + Libc.strerror(LinuxAbi.EBADF) + " (errno 9)");
        assertThatThrownBy(() -> Libc.duplicate(-1))
                .hasMessageStartingWith("fcntl(F_DUPFD_CLOEXEC): ")
                .hasMessageEndingWith("(errno 9)");
    }

    @Test
    void errnoTextsDiffer() {
        assertThat(Libc.strerror(LinuxAbi.ENOENT)).isNotBlank().isNotEqualTo(Libc.strerror(LinuxAbi.EBADF));
    }

    @Test
    void errnoIsCapturedPerCall() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            assertThat(Libc.socket(cs, -1, LinuxAbi.SOCK_DGRAM, 0)).isNegative();
            int afterSocket = Libc.errno(cs); // EAFNOSUPPORT
            assertThat(Libc.close(cs, -1)).isNegative();
            assertThat(Libc.errno(cs)).isEqualTo(LinuxAbi.EBADF);
            assertThat(afterSocket).isNotEqualTo(LinuxAbi.EBADF).isPositive();
        }
    }

    @Test
    void duplicateIsCloseOnExecAndTheSameSocket() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel()) {
            int fd = DatagramChannelFd.duplicate(channel);
            int copy = Libc.duplicate(fd);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment cs = Libc.newCallState(arena);
                int flags = Libc.fcntl(cs, copy, LinuxAbi.F_GETFD, 0);
                assertThat(flags & LinuxAbi.FD_CLOEXEC).isEqualTo(LinuxAbi.FD_CLOEXEC);
                assertThat(TestSockets.kernelObject(copy)).isEqualTo(TestSockets.kernelObject(fd));
                assertThat(copy).isNotEqualTo(fd);
            } finally {
                Libc.closeFd(copy);
                Libc.closeFd(fd);
            }
        }
    }

    private static String[] statusLine(String key) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
        return lines.stream().filter(l -> l.startsWith(key)).findFirst().orElseThrow().split("\\s+");
    }
}

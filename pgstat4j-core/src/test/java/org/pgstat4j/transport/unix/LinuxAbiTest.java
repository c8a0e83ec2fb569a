package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The layouts and macros must equal glibc's on LP64 Linux (x86-64 and aarch64): these are the
 * values of sizeof/offsetof and of CMSG_LEN/CMSG_SPACE that a C program compiled there prints.
 */
class LinuxAbiTest {

    @Test
    void thisPlatformIsSupported() {
        assertThat(LinuxAbi.isSupported()).isTrue();
    }

    @Test
    void cmsgMacrosAlignToSizeT() {
        assertThat(LinuxAbi.CMSG_DATA_OFFSET).isEqualTo(16);
        assertThat(LinuxAbi.cmsgLen(4)).isEqualTo(20);   // one int descriptor
        assertThat(LinuxAbi.cmsgSpace(4)).isEqualTo(24);
        assertThat(LinuxAbi.cmsgSpace(8)).isEqualTo(24);  // two descriptors
        assertThat(LinuxAbi.cmsgSpace(12)).isEqualTo(32);
        assertThat(LinuxAbi.cmsgSpace(0)).isEqualTo(16);
        assertThat(LinuxAbi.cmsgAlign(17)).isEqualTo(24);
    }

    @Test
    void msghdrFieldsSitWhereGlibcPutsThem() {
        assertThat(LinuxAbi.MSG_NAME).isZero();
        assertThat(LinuxAbi.MSG_NAMELEN).isEqualTo(8);
        assertThat(LinuxAbi.MSG_IOV).isEqualTo(16);
        assertThat(LinuxAbi.MSG_IOVLEN).isEqualTo(24);
        assertThat(LinuxAbi.MSG_CONTROL).isEqualTo(32);
        assertThat(LinuxAbi.MSG_CONTROLLEN).isEqualTo(40);
        assertThat(LinuxAbi.MSG_FLAGS).isEqualTo(48);
        assertThat(LinuxAbi.MSGHDR.byteSize()).isEqualTo(56);
    }

    @Test
    void smallStructsMatch() {
        assertThat(LinuxAbi.IOV_LEN).isEqualTo(8);
        assertThat(LinuxAbi.CMSG_LEVEL).isEqualTo(8);
        assertThat(LinuxAbi.CMSG_TYPE).isEqualTo(12);
        assertThat(LinuxAbi.UCRED_UID).isEqualTo(4);
        assertThat(LinuxAbi.UCRED_GID).isEqualTo(8);
        assertThat(LinuxAbi.SUN_PATH).isEqualTo(2);
        assertThat(LinuxAbi.SOCKADDR_UN.byteSize()).isEqualTo(110);
        assertThat(LinuxAbi.POLLFD_EVENTS).isEqualTo(4);
        assertThat(LinuxAbi.POLLFD_REVENTS).isEqualTo(6);
        assertThat(LinuxAbi.TV_USEC).isEqualTo(8);
    }
}

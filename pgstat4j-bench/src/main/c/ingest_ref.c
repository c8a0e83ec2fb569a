/*
 * Reference loops for pgstat4j's ingest benchmark (IngestBench): what plain C does with the
 * same socket set-up (UDP on 127.0.0.1, connected to itself, 8 MiB receive buffer) and the
 * same datagram size. Built by bench/ingest.sh at run time; never committed as a binary.
 *
 *   ingest_ref sendrecv N SIZE     one send() and one recv() per datagram, N times
 *   ingest_ref phased   N SIZE K   rounds of K send() then K recv(): recv CPU apart
 *   ingest_ref recvmmsg N SIZE K   rounds of K datagrams sent with sendmmsg, then drained
 *                                  with recvmmsg, 64 per call: recvmmsg CPU apart
 *
 * Prints one line of key=value pairs: datagrams, wall seconds, rate, and CPU microseconds
 * per datagram of the whole loop and of the receive phase.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define SLOT 1024

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int open_self_connected(void) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int rcvbuf = 8 * 1024 * 1024;
    if (fd < 0 || bind(fd, (struct sockaddr *) &a, sizeof a) || getsockname(fd, (struct sockaddr *) &a, &len)
            || connect(fd, (struct sockaddr *) &a, sizeof a)) {
        perror("socket");
        exit(1);
    }
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf)) {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    return fd;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s sendrecv|phased|recvmmsg N SIZE [K]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    long n = atol(argv[2]);
    int size = atoi(argv[3]);
    int k = argc > 4 ? atoi(argv[4]) : 1;
    int fd = open_self_connected();
    static char out[BATCH][SLOT], in[BATCH][SLOT];
    for (int i = 0; i < BATCH; i++) {
        memset(out[i], i, SLOT);
    }
    struct iovec oiov[BATCH], iiov[BATCH];
    struct mmsghdr omsg[BATCH], imsg[BATCH];
    memset(omsg, 0, sizeof omsg);
    memset(imsg, 0, sizeof imsg);
    for (int i = 0; i < BATCH; i++) {
        oiov[i] = (struct iovec) {out[i], size};
        iiov[i] = (struct iovec) {in[i], SLOT};
        omsg[i].msg_hdr.msg_iov = &oiov[i];
        omsg[i].msg_hdr.msg_iovlen = 1;
        imsg[i].msg_hdr.msg_iov = &iiov[i];
        imsg[i].msg_hdr.msg_iovlen = 1;
    }
    long received = 0, checksum = 0;
    double recv_cpu = 0;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
    if (strcmp(mode, "sendrecv") == 0) {
        for (long i = 0; i < n; i++) {
            out[0][0] = (char) i;
            if (send(fd, out[0], size, 0) != size) { perror("send"); return 1; }
            ssize_t r = recv(fd, in[0], SLOT, 0);
            if (r != size) { perror("recv"); return 1; }
            checksum += in[0][0];
            received++;
        }
    } else if (strcmp(mode, "phased") == 0) {
        for (long done = 0; done < n; done += k) {
            for (int i = 0; i < k; i++) {
                if (send(fd, out[0], size, 0) != size) { perror("send"); return 1; }
            }
            double r0 = now(CLOCK_THREAD_CPUTIME_ID);
            for (int i = 0; i < k; i++) {
                ssize_t r = recv(fd, in[0], SLOT, 0);
                if (r != size) { perror("recv"); return 1; }
                checksum += in[0][0];
                received++;
            }
            recv_cpu += now(CLOCK_THREAD_CPUTIME_ID) - r0;
        }
    } else if (strcmp(mode, "recvmmsg") == 0) {
        for (long done = 0; done < n; done += k) {
            for (int sent = 0; sent < k;) {
                int want = k - sent < BATCH ? k - sent : BATCH;
                int s = sendmmsg(fd, omsg, want, 0);
                if (s <= 0) { perror("sendmmsg"); return 1; }
                sent += s;
            }
            double r0 = now(CLOCK_THREAD_CPUTIME_ID);
            for (int got = 0; got < k;) {
                int want = k - got < BATCH ? k - got : BATCH;
                int r = recvmmsg(fd, imsg, want, MSG_DONTWAIT, NULL);
                if (r <= 0) { perror("recvmmsg"); return 1; }
                for (int i = 0; i < r; i++) {
                    checksum += in[i][0] + imsg[i].msg_len;
                }
                got += r;
                received += r;
            }
            recv_cpu += now(CLOCK_THREAD_CPUTIME_ID) - r0;
        }
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_THREAD_CPUTIME_ID) - c0;
    printf("mode=%s datagrams=%ld size=%d wall_s=%.3f rate_per_s=%.0f cpu_us_per_dgram=%.3f "
           "recv_cpu_us_per_dgram=%.3f checksum=%ld\n",
           mode, received, size, wall, received / wall, cpu * 1e6 / received,
           recv_cpu > 0 ? recv_cpu * 1e6 / received : cpu * 1e6 / received, checksum);
    return 0;
}
